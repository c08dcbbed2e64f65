import { useState } from 'react';
import { Button, Group, Modal, PasswordInput, Select, Stack, Text, Tooltip } from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconKey } from '@tabler/icons-react';
import type { UserDto } from '../../api/client';
import { formErrorsFor, type FormProblem } from '../../lib/api';
import { useFocusFirstInvalid } from '../../lib/focusFirstInvalid';
import { ProblemAlert } from '../../lib/ProblemAlert';
import { useChangeUserRole, useResetUserPassword } from './userQueries';

export const PASSWORD_RULES = 'At least 10 characters, with upper and lower case letters, a digit and a symbol.';

/** A user's role, changed in place after a confirmation (their sessions end). Not one's own: that would lock one out. */
export function UserRoleSelect({ user, self }: { user: UserDto; self: boolean }) {
  const change = useChangeUserRole();
  const choose = (role: string | null) => {
    if (!role || role === user.role) return;
    modals.openConfirmModal({
      title: `Make ${user.email} ${role === 'Admin' ? 'an Admin' : 'Staff'}?`,
      centered: true,
      children: (
        <Text size="sm">
          {role === 'Admin' ? 'Admins also manage providers, settings and users.' : 'Staff no longer see Settings.'} Their sessions end: they sign in
          again with the new role.
        </Text>
      ),
      labels: { confirm: 'Change role', cancel: 'Cancel' },
      onConfirm: () => change.mutate({ user, role }),
    });
  };
  const select = (
    <Select
      aria-label={`Role of ${user.email}`}
      data={['Staff', 'Admin']}
      value={user.role || null}
      onChange={choose}
      allowDeselect={false}
      disabled={self || change.isPending}
      size="xs"
      w={110}
    />
  );
  return self ? (
    <Tooltip label="You cannot change your own role" withArrow>
      <div>{select}</div>
    </Tooltip>
  ) : (
    select
  );
}

function ResetPasswordForm({ user, onDone }: { user: UserDto; onDone: () => void }) {
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [formRef, focusFirstInvalid] = useFocusFirstInvalid();
  const form = useForm({
    mode: 'controlled',
    initialValues: { newPassword: '' },
    validate: { newPassword: (v: string) => (v === '' ? 'Enter the new password.' : null) },
  });
  const reset = useResetUserPassword({
    onSuccess: () => {
      notifications.show({ color: 'whatsapp', title: 'Password reset', message: `${user.email} signs in with the new password; their sessions ended.` });
      onDone();
    },
    onError: (error) => {
      const { formErrors, problem } = formErrorsFor(error, (k) => (k.toLowerCase() === 'newpassword' ? 'newPassword' : undefined));
      form.setErrors(formErrors);
      setProblem(problem);
      focusFirstInvalid();
    },
  });

  return (
    <form
      ref={formRef}
      noValidate
      aria-label={`Reset the password of ${user.email}`}
      onSubmit={form.onSubmit((values) => {
        setProblem(null);
        reset.mutate({ user, newPassword: values.newPassword });
      }, focusFirstInvalid)}
    >
      <Stack>
        <Text size="sm">Give them the new password in person or by phone. Their open sessions end, and a lockout is lifted.</Text>
        <ProblemAlert problem={problem} />
        <PasswordInput
          label="New password"
          description={PASSWORD_RULES}
          autoComplete="new-password"
          withAsterisk
          data-autofocus
          // Mantine's PasswordInput does not mark its input invalid itself.
          aria-invalid={form.errors.newPassword ? true : undefined}
          {...form.getInputProps('newPassword')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone} disabled={reset.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={reset.isPending}>
            Reset password
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Another user's "Reset password" (one's own is changed under My account, with the current one). */
export function ResetPasswordButton({ user, self }: { user: UserDto; self: boolean }) {
  const [opened, setOpened] = useState(false);
  if (self) return null;
  return (
    <>
      <Button size="xs" variant="subtle" leftSection={<IconKey size={14} aria-hidden />} onClick={() => setOpened(true)} aria-label={`Reset password of ${user.email}`}>
        Reset password
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={`Reset the password of ${user.email}`} closeOnClickOutside={false}>
        {opened && <ResetPasswordForm user={user} onDone={() => setOpened(false)} />}
      </Modal>
    </>
  );
}
