import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Group, Modal, PasswordInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconUserPlus } from '@tabler/icons-react';
import type { UserDto } from '../../api/client';
import { splitFieldErrors, toApiError } from '../../lib/api';
import { DeleteButton } from '../../lib/DeleteButton';
import { QueryTable } from '../../layout/QueryTable';
import { useCreateUser, useDeleteUser, usersKey, useUsers } from './userQueries';
import { useCurrentUser } from '../../lib/auth';
import { UserSessionsButton } from './UserSessions';
import { SecuritySettingsCard } from './SecuritySettingsCard';
import { PASSWORD_RULES, ResetPasswordButton, UserRoleSelect } from './UserAccountActions';
import { useFocusFirstInvalid } from '../../lib/focusFirstInvalid';


const ROLE_OPTIONS = [
  { value: 'Staff', label: 'Staff — templates, compose and the Sent Log' },
  { value: 'Admin', label: 'Admin — also settings and users' },
];

const USER_FIELDS = new Set(['email', 'password', 'role']);

function formatDate(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

function AddUserForm({ onSaved, onCancel }: { onSaved: (user: UserDto) => void; onCancel: () => void }) {
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({ mode: 'controlled', initialValues: { email: '', password: '', role: 'Staff' } });
  const [formRef, focusFirstInvalid] = useFocusFirstInvalid();
  const create = useCreateUser({
    onSuccess: onSaved,
    onError: (error) => {
      const apiError = toApiError(error);
      const { formErrors, otherErrors } = splitFieldErrors(apiError.fieldErrors, (k) => (USER_FIELDS.has(k.toLowerCase()) ? k.toLowerCase() : undefined));
      form.setErrors(formErrors);
      setProblem(otherErrors.length > 0 || Object.keys(formErrors).length === 0 ? apiError.message : null);
      focusFirstInvalid();
    },
  });

  return (
    <form
      ref={formRef}
      noValidate
      aria-label="Add user"
      onSubmit={form.onSubmit((values) => {
        setProblem(null);
        create.mutate({ email: values.email.trim(), password: values.password, role: values.role });
      })}
    >
      <Stack>
        {problem && <Alert color="red" icon={<IconAlertCircle />} title={problem} role="alert" />}
        <TextInput label="Email" type="email" autoComplete="off" withAsterisk data-autofocus {...form.getInputProps('email')} />
        <PasswordInput
          label="Password"
          description={PASSWORD_RULES}
          autoComplete="new-password"
          withAsterisk
          aria-invalid={form.errors.password ? true : undefined}
          {...form.getInputProps('password')}
        />
        <Select label="Role" data={ROLE_OPTIONS} allowDeselect={false} withAsterisk {...form.getInputProps('role')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} disabled={create.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create user
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function UsersTab() {
  const queryClient = useQueryClient();
  const { data: me } = useCurrentUser();
  const [adding, setAdding] = useState(false);
  const users = useUsers();

  const remove = useDeleteUser();

  const confirmDelete = (user: UserDto) =>
    modals.openConfirmModal({
      title: `Delete ${user.email}?`,
      centered: true,
      children: <Text size="sm">This account will be deleted and can no longer sign in. This cannot be undone.</Text>,
      labels: { confirm: 'Delete', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate(user),
    });

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Title order={3}>Users</Title>
          <Text size="sm" c="dimmed">
            Staff send messages and manage templates; admins also manage providers and users.
          </Text>
        </Stack>
        <Button leftSection={<IconUserPlus size={16} />} onClick={() => setAdding(true)}>
          Add user
        </Button>
      </Group>

      <SecuritySettingsCard />

      <QueryTable
        query={users}
        rows={users.data}
        what="users"
        empty="No users."
        label="Users"
        columns={['Email', 'Role', 'Created']}
        withActions
        framed
        minWidth={560}
      >
        {(rows) =>
          rows.map((user) => {
            const self = user.id === me?.id;
            return (
              <Table.Tr key={user.id}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {user.email}
                    {self && (
                      <Text span c="dimmed" size="sm">
                        {' '}
                        (you)
                      </Text>
                    )}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <UserRoleSelect user={user} self={self} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    {formatDate(user.createdAt)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group justify="flex-end">
                    <UserSessionsButton user={user} />
                    <ResetPasswordButton user={user} self={self} />
                    <DeleteButton
                      label={`Delete ${user.email}`}
                      blockedReason={self ? 'You cannot delete your own account' : null}
                      onDelete={() => confirmDelete(user)}
                    />
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })
        }
      </QueryTable>

      <Modal opened={adding} onClose={() => setAdding(false)} title="Add user" closeOnClickOutside={false}>
        {adding && (
          <AddUserForm
            onCancel={() => setAdding(false)}
            onSaved={(user) => {
              notifications.show({ color: 'whatsapp', title: 'User created', message: `${user.email} can now sign in.` });
              setAdding(false);
              void queryClient.invalidateQueries({ queryKey: usersKey });
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}
