import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { notifications } from '@mantine/notifications';
import type { CustomerDetailDto, CustomerDto } from '../../api/client';
import { customersClient, toApiError } from '../../lib/api';
import { customerKey, customersKey } from '../../lib/queries/customers';
import { groupsKey } from '../../lib/queries/groups';
import { optInPayload, type ConsentChange } from './customerPayload';

export const customerListKey = [...customersKey, 'list'] as const;

export const CUSTOMERS_PAGE_SIZE = 25;

/**
 * The opt-in wording shown beside the WhatsApp checkbox. The server's (`consentWording` of a customer's detail) is the
 * one recorded with the consent and wins whenever one is at hand; this copy of it serves the "Add customer" form when
 * no customer has been loaded yet. Keep it equal to the backend's ConsentService.OptInWording.
 */
export const CONSENT_WORDING =
  'I agree to receive WhatsApp messages from my internet provider about my account, bills, payments and support tickets. Reply STOP to unsubscribe at any time.';

export { MARKETING_CONSENT_WORDING } from './consentWording';

export function useCustomers(q: string, optedIn: boolean | null, page: number, pageSize = CUSTOMERS_PAGE_SIZE) {
  const term = q.trim();
  return useQuery({
    queryKey: [...customerListKey, { q: term, optedIn, page, pageSize }],
    queryFn: ({ signal }) => customersClient.listCustomers(term || null, optedIn, page, pageSize, null, signal),
    placeholderData: keepPreviousData,
  });
}

/** The wording of any customer detail already loaded, if there is one. */
function cachedWording(queryClient: QueryClient): string | undefined {
  return queryClient
    .getQueriesData<CustomerDetailDto>({ queryKey: [...customersKey, 'detail'] })
    .map(([, data]) => data?.consentWording)
    .find((w): w is string => !!w);
}

/**
 * The consent wording to show: the server's when a customer detail is loaded (or can be, from `anyCustomerId`),
 * else {@link CONSENT_WORDING}.
 */
export function useConsentWording(anyCustomerId: number | null): string {
  const queryClient = useQueryClient();
  const cached = cachedWording(queryClient);
  const sample = useQuery({
    queryKey: customerKey(anyCustomerId ?? 0),
    queryFn: ({ signal }) => customersClient.getCustomer(anyCustomerId!, signal),
    enabled: cached === undefined && anyCustomerId !== null,
    staleTime: Infinity,
  });
  return cached ?? sample.data?.consentWording ?? CONSENT_WORDING;
}

/** Opts the customer in or out of one consent (a record with the staff member as who) and says so. */
export function useSetOptIn(customer: CustomerDto) {
  const queryClient = useQueryClient();
  const id = customer.id!;
  return useMutation({
    mutationFn: (change: ConsentChange) => customersClient.updateCustomer(id, optInPayload(change)),
    onSuccess: async (saved, { purpose, optedIn }) => {
      queryClient.setQueryData(customerKey(id), saved);
      const what = purpose === 'Marketing' ? 'offers on WhatsApp' : 'WhatsApp messages';
      notifications.show({
        color: optedIn ? 'whatsapp' : 'gray',
        title: optedIn ? 'Opted in' : 'Opted out',
        message: optedIn ? `${customer.name} will receive ${what}.` : `${customer.name} will no longer receive ${what}.`,
      });
      await queryClient.invalidateQueries({ queryKey: customerListKey });
    },
  });
}

/** Deletes the customer, then goes back to the list. */
export function useDeleteCustomer(customer: CustomerDto) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const id = customer.id!;
  return useMutation({
    mutationFn: () => customersClient.deleteCustomer(id),
    onSuccess: async () => {
      notifications.show({ title: 'Customer deleted', message: `${customer.name} was deleted.` });
      // The list must not show the customer again while it reloads; the profile goes once the page has left it.
      queryClient.removeQueries({ queryKey: customerListKey });
      await navigate('/customers');
      queryClient.removeQueries({ queryKey: customerKey(id) });
      await queryClient.invalidateQueries({ queryKey: groupsKey });
    },
    onError: (error) => notifications.show({ color: 'red', title: `Could not delete ${customer.name}`, message: toApiError(error).message }),
  });
}

/** Uploads a CSV of customers: a dry run only reports; a real import changes customers and maybe groups. */
export function useImportCustomers() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, dryRun }: { file: File; dryRun: boolean }) => customersClient.importCustomers(dryRun, { data: file, fileName: file.name }),
    onSuccess: async (result) => {
      if (result.dryRun) return;
      // Customers were created or changed, and groups named in the file may be new.
      await Promise.all([queryClient.invalidateQueries({ queryKey: customersKey }), queryClient.invalidateQueries({ queryKey: groupsKey })]);
    },
  });
}
