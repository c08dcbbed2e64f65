import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { customersClient } from '../../lib/api';
import { listAffectedCustomers, type MessageQuery } from '../../lib/messages';
import { messagesKey } from '../../lib/queries/messages';
import { customersKey } from '../../lib/queries/customers';

const affectedKey = (query: MessageQuery) => [...messagesKey, 'customers', query] as const;

/** Each customer the filtered messages went to, once. */
export function useAffectedCustomers(query: MessageQuery) {
  return useQuery({
    queryKey: affectedKey(query),
    queryFn: ({ signal }) => listAffectedCustomers(query, signal),
    placeholderData: keepPreviousData,
  });
}

/** Opts the chosen customers out with a reason, and says how many it changed. */
export function useBulkOptOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ customerIds, reason }: { customerIds: number[]; reason: string }) => customersClient.optOutCustomers({ customerIds, reason }),
    onSuccess: async (result) => {
      const n = result.optedOut ?? 0;
      notifications.show({ color: 'gray', title: 'Opted out', message: `${n} ${n === 1 ? 'customer' : 'customers'} will no longer receive WhatsApp messages.` });
      await Promise.all([queryClient.invalidateQueries({ queryKey: messagesKey }), queryClient.invalidateQueries({ queryKey: customersKey })]);
    },
  });
}
