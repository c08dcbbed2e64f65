import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { notifications } from '@mantine/notifications';
import { authClient, toApiError } from '../../lib/api';
import { currentUserKey } from './useCurrentUser';

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
