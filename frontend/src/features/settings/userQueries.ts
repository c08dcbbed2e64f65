import { useMutation, useQuery, useQueryClient, type UseMutationOptions } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import type { CreateUserRequest, UserDto } from '../../api/client';
import { toApiError, usersClient } from '../../lib/api';

export const usersKey = ['settings', 'users'] as const;

export function useUsers() {
  return useQuery({ queryKey: usersKey, queryFn: ({ signal }) => usersClient.listUsers(signal) });
}

/** Creates a user; the form hears how it went (a refusal belongs on its inputs). */
export function useCreateUser(callbacks: Pick<UseMutationOptions<UserDto, Error, CreateUserRequest>, 'onSuccess' | 'onError'>) {
  return useMutation({ mutationFn: (request: CreateUserRequest) => usersClient.createUser(request), ...callbacks });
}

export function useDeleteUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (user: UserDto) => usersClient.deleteUser(user.id!),
    onSuccess: (_, user) => notifications.show({ title: 'User deleted', message: `${user.email} can no longer sign in.` }),
    onError: (error, user) => notifications.show({ color: 'red', title: `Could not delete ${user.email}`, message: toApiError(error).message }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: usersKey }),
  });
}
