// A customer's tickets, shared by their profile (billing's cards) and the inbox (linking a ticket to a conversation).
import { useQuery } from '@tanstack/react-query';
import { conversationsClient, statusOf, ticketsClient } from '../api';
import { conversationsKey } from './inbox';
import { customerRecordsRoot } from './customers';

export const ticketsOfCustomerKey = (customerId: number) => [...customerRecordsRoot, customerId, 'tickets'] as const;

export function useTicketsOfCustomer(customerId: number) {
  return useQuery({ queryKey: ticketsOfCustomerKey(customerId), queryFn: ({ signal }) => ticketsClient.listTickets(customerId, null, signal) });
}

/** The conversation a ticket was opened from or linked to; null when it has none. */
export function useConversationOfTicket(ticketId: number) {
  return useQuery({
    queryKey: [...conversationsKey, 'of-ticket', ticketId],
    queryFn: async ({ signal }) => {
      try {
        return await conversationsClient.getConversationOfTicket(ticketId, signal);
      } catch (e) {
        if (statusOf(e) === 404) return null;
        throw e;
      }
    },
  });
}
