import { keepPreviousData, useQuery, type QueryClient } from '@tanstack/react-query';
import { customersClient, groupsClient } from '../../lib/api';
import { customersKey } from '../customers/customerQueries';

export const groupsKey = ['groups'] as const;
export const groupListKey = [...groupsKey, 'list'] as const;
export const groupKey = (id: number) => [...groupsKey, 'detail', id] as const;
export const groupMembersKey = (id: number) => [...groupsKey, 'members', id] as const;

export const MEMBERS_PAGE_SIZE = 25;
/** How many customers the "add members" search offers at a time. */
export const CUSTOMER_OPTIONS_LIMIT = 20;

/** Every group with its member and opted-in counts, by name. */
export function useGroups(enabled = true) {
  return useQuery({
    queryKey: groupListKey,
    queryFn: ({ signal }) => groupsClient.listGroups(signal),
    enabled,
  });
}

export function useGroup(id: number | null) {
  return useQuery({
    queryKey: groupKey(id ?? 0),
    queryFn: ({ signal }) => groupsClient.getGroup(id!, signal),
    enabled: id !== null,
  });
}

export function useGroupMembers(id: number, q: string, page: number, pageSize = MEMBERS_PAGE_SIZE) {
  const term = q.trim();
  return useQuery({
    queryKey: [...groupMembersKey(id), { q: term, page, pageSize }],
    queryFn: ({ signal }) => groupsClient.listGroupMembers(id, term || null, page, pageSize, signal),
    placeholderData: keepPreviousData,
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

/**
 * After memberships changed (members added or removed, a customer's groups set, a group or customer deleted): the
 * groups' counts and member lists, and the customers' profiles that list their groups, are out of date.
 */
export function invalidateMemberships(queryClient: QueryClient) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: groupsKey }),
    queryClient.invalidateQueries({ queryKey: [...customersKey, 'detail'] }),
  ]);
}
