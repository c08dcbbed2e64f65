import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import type { CustomerDto, GroupDto } from '../../api/client';
import { groupsClient, toApiError } from '../../lib/api';
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

/** Deletes a group (its customers stay) and forgets what was loaded of it; `onDeleted` hears of it first. */
export function useDeleteGroup(onDeleted?: (group: GroupDto) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (group: GroupDto) => groupsClient.deleteGroup(group.id!),
    onSuccess: async (_, group) => {
      notifications.show({ title: 'Group deleted', message: `${group.name} was deleted; its customers stay.` });
      onDeleted?.(group);
      queryClient.removeQueries({ queryKey: groupKey(group.id!) });
      queryClient.removeQueries({ queryKey: groupMembersKey(group.id!) });
      await invalidateMemberships(queryClient);
    },
    onError: (error, group) => notifications.show({ color: 'red', title: `Could not delete ${group.name}`, message: toApiError(error).message }),
  });
}

/** "1 customer", "3 customers". */
export const membersCount = (n: number | undefined) => (n === 1 ? '1 customer' : `${n ?? 0} customers`);

/** Removes customers from a group; `onRemoved` hears which. */
export function useRemoveMembers(group: GroupDto, onRemoved: (customers: CustomerDto[]) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (customers: CustomerDto[]) => groupsClient.removeGroupMembers(group.id!, { customerIds: customers.map((c) => c.id!) }),
    onSuccess: async (result, customers) => {
      notifications.show({
        title: 'Removed from the group',
        message:
          customers.length === 1
            ? `${customers[0].name} is no longer in ${group.name}.`
            : `${membersCount(result.removed)} left ${group.name}.`,
      });
      onRemoved(customers);
      await invalidateMemberships(queryClient);
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Nobody was removed', message: toApiError(error).message }),
  });
}
