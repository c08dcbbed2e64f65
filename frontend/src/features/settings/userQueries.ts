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

/** Gives a user another role; they sign in again with it. */
export function useChangeUserRole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ user, role }: { user: UserDto; role: string }) => usersClient.changeUserRole(user.id!, { role }),
    onSuccess: (_, { user, role }) => notifications.show({ color: 'whatsapp', title: 'Role changed', message: `${user.email} is now ${role}; they sign in again.` }),
    onError: (error, { user }) => notifications.show({ color: 'red', title: `Could not change the role of ${user.email}`, message: toApiError(error).message }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: usersKey }),
  });
}

/** Sets a new password for another user; the form hears a refusal (it belongs on its input). */
export function useResetUserPassword(callbacks: Pick<UseMutationOptions<void, Error, { user: UserDto; newPassword: string }>, 'onSuccess' | 'onError'>) {
  return useMutation({
    mutationFn: ({ user, newPassword }: { user: UserDto; newPassword: string }) => usersClient.resetUserPassword(user.id!, { newPassword }),
    ...callbacks,
  });
}
