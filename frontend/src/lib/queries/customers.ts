// Customers as other pages read them: one customer, and a search to pick some from.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { customersClient } from '../api';

export const customersKey = ['customers'] as const;
/** A customer's billing and support records (bills, tickets …), below it one key per customer. */
export const customerRecordsRoot = ['customer-records'] as const;
export const customerKey = (id: number) => [...customersKey, 'detail', id] as const;

/** How many customers the "add members" search offers at a time. */
export const CUSTOMER_OPTIONS_LIMIT = 20;

export function useCustomer(id: number | null) {
  return useQuery({
    queryKey: customerKey(id ?? 0),
    queryFn: ({ signal }) => customersClient.getCustomer(id!, signal),
    enabled: id !== null,
  });
}

/** Customers matching a search, to pick from (the first {@link CUSTOMER_OPTIONS_LIMIT} by name). */
export function useCustomerOptions(q: string) {
  const term = q.trim();
  return useQuery({
    queryKey: [...customersKey, 'options', { q: term }],
    queryFn: ({ signal }) => customersClient.listCustomers(term || null, null, 1, CUSTOMER_OPTIONS_LIMIT, null, signal),
    placeholderData: keepPreviousData,
  });
}
