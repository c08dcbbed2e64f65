import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { OpenConversationTicketRequest, SaveCannedReplyRequest } from '../../api/client';
import { cannedRepliesClient, conversationsClient, customersClient, demoClient } from '../../lib/api';
import { conversationsKey } from '../../lib/queries/inbox';

export const cannedRepliesKey = ['whatsapp', 'canned-replies'] as const;
const ticketsOf = (id: number) => [...conversationsKey, 'tickets', id] as const;

function useInvalidate(...keys: (readonly unknown[])[]) {
  const client = useQueryClient();
  return () => Promise.all(keys.map((queryKey) => client.invalidateQueries({ queryKey })));
}

export function useAddNote(id: number) {
  const invalidate = useInvalidate(conversationsKey);
  return useMutation({ mutationFn: (text: string) => conversationsClient.addConversationNote(id, { text }), onSuccess: invalidate });
}

export function useConversationTickets(id: number) {
  return useQuery({ queryKey: ticketsOf(id), queryFn: ({ signal }) => conversationsClient.listConversationTickets(id, signal) });
}

export function useOpenTicket(id: number) {
  const invalidate = useInvalidate(conversationsKey);
  return useMutation({ mutationFn: (request: OpenConversationTicketRequest) => conversationsClient.openConversationTicket(id, request), onSuccess: invalidate });
}

export function useLinkTicket(id: number) {
  const invalidate = useInvalidate(conversationsKey);
  return useMutation({ mutationFn: (ticketId: number) => conversationsClient.linkConversationTicket(id, ticketId), onSuccess: invalidate });
}

export function useLinkCustomer(id: number) {
  const invalidate = useInvalidate(conversationsKey);
  return useMutation({ mutationFn: (customerId: number) => conversationsClient.linkConversationCustomer(id, { customerId }), onSuccess: invalidate });
}

/**
 * A new customer from an unknown contact: the phone they wrote from, and no consent (writing to us is not consent to
 * anything; staff record it on the profile when the customer gives it). Then the conversation is linked to them.
 */
export function useCreateCustomerFromConversation(id: number, phone: string) {
  const invalidate = useInvalidate(conversationsKey, ['customers']);
  return useMutation({
    mutationFn: async ({ name, email }: { name: string; email: string }) => {
      const created = await customersClient.createCustomer({ name, phone, email: email || null, whatsAppOptIn: false, marketingOptIn: false });
      return conversationsClient.linkConversationCustomer(id, { customerId: created.customer!.id });
    },
    onSuccess: invalidate,
  });
}

export function useCannedReplies() {
  return useQuery({ queryKey: cannedRepliesKey, queryFn: ({ signal }) => cannedRepliesClient.listCannedReplies(signal) });
}

export function useSaveCannedReply() {
  const invalidate = useInvalidate(cannedRepliesKey);
  return useMutation({
    mutationFn: ({ id, ...request }: SaveCannedReplyRequest & { id?: number }) =>
      id ? cannedRepliesClient.updateCannedReply(id, request) : cannedRepliesClient.createCannedReply(request),
    onSuccess: invalidate,
  });
}

export function useDeleteCannedReply() {
  const invalidate = useInvalidate(cannedRepliesKey);
  return useMutation({ mutationFn: (id: number) => cannedRepliesClient.deleteCannedReply(id), onSuccess: invalidate });
}

/** Whether this is the demo (npm run demo), where the visitor may also play the customer. */
export function useDemoInfo() {
  return useQuery({ queryKey: ['demo'], queryFn: ({ signal }) => demoClient.getDemoInfo(signal), staleTime: Infinity });
}

/** Demo only: the fake provider sends the app this as the customer's WhatsApp message; it then arrives over the live channel. */
export function useReplyAsCustomer(id: number) {
  return useMutation({ mutationFn: (text: string) => demoClient.replyAsDemoCustomer({ conversationId: id, text }) });
}
