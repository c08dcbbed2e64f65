// The groups, as Compose and the customer profile offer them.
import { useQuery } from '@tanstack/react-query';
import { groupsClient } from '../api';

export const groupsKey = ['groups'] as const;
export const groupListKey = [...groupsKey, 'list'] as const;

/** Every group with its member and opted-in counts, by name. */
export function useGroups(enabled = true) {
  return useQuery({
    queryKey: groupListKey,
    queryFn: ({ signal }) => groupsClient.listGroups(signal),
    enabled,
  });
}
