import { useQuery, type QueryClient } from '@tanstack/react-query';
import type { CurrentUser } from '../../api/client';
import { authClient, statusOf } from '../../lib/api';

export const currentUserKey = ['auth', 'current-user'] as const;

/** The signed-in user, or null when nobody is signed in (the API answered 401). */
export async function fetchCurrentUser(signal?: AbortSignal): Promise<CurrentUser | null> {
  try {
    return await authClient.getCurrentUser(signal);
  } catch (error) {
    if (statusOf(error) === 401) return null;
    throw error;
  }
}

export const currentUserQuery = {
  queryKey: currentUserKey,
  queryFn: ({ signal }: { signal: AbortSignal }) => fetchCurrentUser(signal),
  staleTime: 5 * 60_000,
} as const;

export function useCurrentUser() {
  return useQuery(currentUserQuery);
}

/** Loads the current user afresh (after signing in), so guards never act on a stale "signed out". */
export function refreshCurrentUser(queryClient: QueryClient) {
  return queryClient.fetchQuery({ ...currentUserQuery, staleTime: 0 });
}

export function isAdmin(user: CurrentUser | null | undefined): boolean {
  return user?.roles?.includes('Admin') ?? false;
}
