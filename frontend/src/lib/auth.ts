// The session: who is signed in, and signing out. Every page reads it, so it is shared rather than a feature's.
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { notifications } from '@mantine/notifications';
import type { CurrentUser } from '../api/client';
import { authClient, statusOf, toApiError } from './api';

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

/**
 * Signs in (the auth cookie), then loads who is signed in afresh before `onSuccess`, so guards never act on a stale
 * "signed out".
 */
export function useLogin({ onSuccess, onError }: { onSuccess: () => Promise<void>; onError: (error: Error) => void }) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ email, ...rest }: { email: string; password: string; twoFactorCode?: string; twoFactorRecoveryCode?: string }) =>
      authClient.postApiAuthLogin({ email: email.trim(), ...rest }, /* useCookies */ true),
    onSuccess: async () => {
      await refreshCurrentUser(queryClient);
      await onSuccess();
    },
    onError,
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => authClient.logout(),
    onSuccess: async () => {
      queryClient.setQueryData(currentUserKey, null);
      // Nothing of the previous session may linger in the cache.
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== currentUserKey[0] });
      await navigate('/login', { replace: true });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Could not sign out', message: toApiError(error).message }),
  });
}
