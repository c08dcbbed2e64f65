import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Modal, Skeleton, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDevices } from '@tabler/icons-react';
import type { SessionDto, UserDto } from '../../api/client';
import { loadProblem, toApiError, usersClient } from '../../lib/api';
import { LoadFailure } from '../../layout/ListContent';

const sessionsKey = (userId: string) => ['settings', 'users', userId, 'sessions'] as const;

function useUserSessions(userId: string, enabled: boolean) {
  return useQuery({ queryKey: sessionsKey(userId), queryFn: ({ signal }) => usersClient.listUserSessions(userId, signal), enabled });
}

function useEndSession(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (session: SessionDto) => usersClient.endUserSession(userId, session.id!),
    onSuccess: () => notifications.show({ title: 'Session ended', message: 'Its cookie or token no longer works.' }),
    onError: (error) => notifications.show({ color: 'red', title: 'Could not end the session', message: toApiError(error).message }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: sessionsKey(userId) }),
  });
}

const when = (iso: string | undefined) => (iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '');

/** "Sessions" for a user in the users list: where they are signed in, and ending any of it. */
export function UserSessionsButton({ user }: { user: UserDto }) {
  const [open, setOpen] = useState(false);
  const sessions = useUserSessions(user.id!, open);
  const end = useEndSession(user.id!);

  return (
    <>
      <Button variant="default" size="xs" leftSection={<IconDevices size={14} />} onClick={() => setOpen(true)} aria-label={`Sessions of ${user.email}`}>
        Sessions
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={`Sessions of ${user.email}`} size="lg">
        {sessions.error ? (
          <LoadFailure problem={loadProblem(sessions.error, 'Could not load the sessions.')} onRetry={() => void sessions.refetch()} />
        ) : sessions.isPending ? (
          <Skeleton h={60} />
        ) : sessions.data.length === 0 ? (
          <Text size="sm" c="dimmed">
            Not signed in anywhere.
          </Text>
        ) : (
          <Stack>
            <Table aria-label="Sessions">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Signed in</Table.Th>
                  <Table.Th>Last seen</Table.Th>
                  <Table.Th>From</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sessions.data.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td>
                      <Text size="sm">{when(s.createdAt)}</Text>
                      <Text size="xs" c="dimmed">
                        {s.kind === 'bearer' ? 'API token' : 'Browser'}
                      </Text>
                    </Table.Td>
                    <Table.Td>{when(s.lastSeenAt)}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{s.clientAddress}</Text>
                      <Text size="xs" c="dimmed" lineClamp={1} title={s.userAgent ?? undefined}>
                        {s.userAgent}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Button size="xs" color="red" variant="light" loading={end.isPending && end.variables?.id === s.id} onClick={() => end.mutate(s)}>
                        End
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        )}
      </Modal>
    </>
  );
}
