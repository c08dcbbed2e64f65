// Messages as the Sent Log and the customer profile list them, and one message as its drawer follows it.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SendMessageRequest } from '../../api/client';
import { messagesClient } from '../api';
import { countMessages, hasInFlight, IN_FLIGHT_STATUSES, listMessages, type MessageQuery } from '../messages';

export const messagesKey = ['whatsapp', 'messages'] as const;
export const messageKey = (id: number) => ['whatsapp', 'message', id] as const;

/** How often a page with messages still on their way asks again. */
export const POLL_EVERY_MS = 5000;

/** One page of the Sent Log; asks again every few seconds while a message on it is still on its way. */
export function useMessages(query: MessageQuery, cursor: string | null, limit: number, enabled = true) {
  return useQuery({
    queryKey: [...messagesKey, query, cursor, limit],
    queryFn: ({ signal }) => listMessages(query, cursor, limit, signal),
    // Keep the rows on screen while another page or filter loads.
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (hasInFlight(q.state.data?.items) ? POLL_EVERY_MS : false),
    enabled,
  });
}

/** How many messages the filters select: asked once per filter change, not per page. */
export function useMessageCount(query: MessageQuery) {
  return useQuery({
    queryKey: [...messagesKey, 'count', query],
    queryFn: ({ signal }) => countMessages(query, signal),
    placeholderData: keepPreviousData,
  });
}

/** One message with its rendered body and status history; followed while it is on its way. */
export function useMessageDetail(id: number | null) {
  return useQuery({
    queryKey: messageKey(id ?? 0),
    queryFn: ({ signal }) => messagesClient.getMessage(id!, signal),
    enabled: id !== null,
    refetchInterval: (q) => {
      const status = q.state.data?.message?.status;
      return status !== undefined && IN_FLIGHT_STATUSES.includes(status) ? POLL_EVERY_MS : false;
    },
  });
}

/** Sends one template message now; the lists that show messages are asked again. */
export function useSendMessage() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (request: SendMessageRequest) => messagesClient.sendMessage(request),
    onSuccess: () => client.invalidateQueries({ queryKey: messagesKey }),
  });
}
