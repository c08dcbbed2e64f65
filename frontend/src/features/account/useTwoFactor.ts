import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { authClient } from '../../lib/api';
import { currentUserKey } from '../../lib/auth';

const twoFactorKey = ['auth', 'two-factor'] as const;

/** Whether the signed-in user has two-factor sign-in on, and whether they must. */
export function useTwoFactorStatus() {
  return useQuery({ queryKey: twoFactorKey, queryFn: ({ signal }) => authClient.getTwoFactor(signal) });
}

/**
 * After a change, the status and who-am-I are loaded afresh: an Admin who was required to set it up may now go
 * anywhere, and the server re-issued this browser's cookie.
 */
function useTwoFactorMutation<TVariables, TResult>(mutationFn: (variables: TVariables) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: twoFactorKey }),
        queryClient.invalidateQueries({ queryKey: currentUserKey }),
      ]);
    },
  });
}

/** A fresh authenticator key (and its otpauth URI) while two-factor is off. */
export function useSetUpTwoFactor() {
  return useMutation({ mutationFn: () => authClient.setUpTwoFactor() });
}

export function useEnableTwoFactor() {
  return useTwoFactorMutation((code: string) => authClient.enableTwoFactor({ code }));
}

export function useDisableTwoFactor() {
  return useTwoFactorMutation(() => authClient.disableTwoFactor());
}

export function useRegenerateRecoveryCodes() {
  return useTwoFactorMutation(() => authClient.regenerateRecoveryCodes());
}
