import { useMutation } from '@tanstack/react-query';
import type { ChangePasswordRequest } from '../../api/client';
import { authClient } from '../../lib/api';

/** Changes the signed-in user's password; the server ends their other sessions and keeps this one. */
export function useChangePassword() {
  return useMutation({ mutationFn: (request: ChangePasswordRequest) => authClient.changePassword(request) });
}
