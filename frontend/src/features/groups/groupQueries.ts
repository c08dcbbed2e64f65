import { keepPreviousData, useQuery, type QueryClient } from '@tanstack/react-query';
import { groupsClient } from '../../lib/api';
import { customersKey } from '../../lib/queries/customers';
import { groupsKey } from '../../lib/queries/groups';

export const groupKey = (id: number) => [...groupsKey, 'detail', id] as const;
export const groupMembersKey = (id: number) => [...groupsKey, 'members', id] as const;

export const MEMBERS_PAGE_SIZE = 25;
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
