import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import type { CustomerDto, TicketDto, TicketStatus } from '../../api/client';
import { billsClient, diagnosticsClient, subscriptionsClient, ticketsClient, toApiError } from '../../lib/api';
import { automationEventsKey } from '../../lib/queries/automations';
import { messagesKey } from '../../lib/queries/messages';
import { customerRecordsRoot } from '../../lib/queries/customers';
import { ticketsOfCustomerKey as ticketsKey } from '../../lib/queries/tickets';

export { ticketsOfCustomerKey as ticketsKey, useTicketsOfCustomer as useTickets } from '../../lib/queries/tickets';
import { TICKET_STATUSES } from './billingFormat';

/** Everything billing and support of one customer: bills, subscriptions, tickets, diagnostics. */
export const customerRecordsKey = (customerId: number) => [...customerRecordsRoot, customerId] as const;
export const billsKey = (customerId: number) => [...customerRecordsKey(customerId), 'bills'] as const;
export const subscriptionsKey = (customerId: number) => [...customerRecordsKey(customerId), 'subscriptions'] as const;
export const diagnosticsKey = (customerId: number) => [...customerRecordsKey(customerId), 'diagnostics'] as const;

export function useBills(customerId: number) {
  return useQuery({ queryKey: billsKey(customerId), queryFn: ({ signal }) => billsClient.listBills(customerId, null, signal) });
}

export function useSubscriptions(customerId: number) {
  return useQuery({ queryKey: subscriptionsKey(customerId), queryFn: ({ signal }) => subscriptionsClient.listSubscriptions(customerId, signal) });
}

export function useDiagnostics(customerId: number) {
  return useQuery({ queryKey: diagnosticsKey(customerId), queryFn: ({ signal }) => diagnosticsClient.listDiagnostics(customerId, signal) });
}

/** How long after a change its automated message is looked for: the event is processed just after the change commits. */
export const MESSAGE_LOOKUP_DELAY_MS = 2000;

/**
 * After a change that raises an event: reload the list it changed now, and the messages and events a moment later, when
 * the automation has had time to write its message.
 */
export function refreshAfterChange(queryClient: QueryClient, listKey: readonly unknown[]) {
  void queryClient.invalidateQueries({ queryKey: listKey });
  setTimeout(() => {
    void queryClient.invalidateQueries({ queryKey: messagesKey });
    void queryClient.invalidateQueries({ queryKey: automationEventsKey });
  }, MESSAGE_LOOKUP_DELAY_MS);
}

/** Changes a ticket's status (raises ticket.status_changed). */
export function useChangeTicketStatus(customer: CustomerDto, ticket: TicketDto) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (status: TicketStatus) => ticketsClient.changeTicketStatus(ticket.id!, { status }),
    onSuccess: (saved) => {
      notifications.show({
        color: 'whatsapp',
        title: `Ticket ${saved.number} updated`,
        message: `Now ${TICKET_STATUSES.find((s) => s.value === saved.status)?.label ?? saved.status}.`,
      });
      refreshAfterChange(queryClient, ticketsKey(customer.id!));
    },
  });
}

/** Starts a line diagnostic for the customer. */
export function useStartDiagnostic(customer: CustomerDto) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => diagnosticsClient.startDiagnostic({ customerId: customer.id }),
    onSuccess: (started) => {
      notifications.show({ color: 'whatsapp', title: 'Diagnostic started', message: `Diagnostic #${started.id} is running.` });
      void queryClient.invalidateQueries({ queryKey: diagnosticsKey(customer.id!) });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'The diagnostic was not started', message: toApiError(error).message }),
  });
}
