import { useState } from 'react';
import { Alert, Button, Container, Group, Paper, PasswordInput, Stack, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertCircle, IconCheck } from '@tabler/icons-react';
import { splitFieldErrors, toApiError } from '../../lib/api';
import { PageHeader } from '../../layout/PageHeader';
import { TwoFactorSection } from './TwoFactorSection';
import { useChangePassword } from './useChangePassword';
import { useFocusFirstInvalid } from '../../lib/focusFirstInvalid';

const PASSWORD_FIELDS: Record<string, 'currentPassword' | 'newPassword'> = {
  currentpassword: 'currentPassword',
  newpassword: 'newPassword',
};

export const PASSWORD_CHANGED_TEXT = 'Password changed. Your other sessions were signed out.';

/** My account: the signed-in user's own settings — their password and two-factor sign-in. */
export function MyAccountPage() {
  const change = useChangePassword();
  const [problem, setProblem] = useState<string | null>(null);
  const [formRef, focusFirstInvalid] = useFocusFirstInvalid();
  const form = useForm({
    mode: 'controlled',
    initialValues: { currentPassword: '', newPassword: '', confirmPassword: '' },
    validate: {
      currentPassword: (v) => (v ? null : 'Enter your current password.'),
      newPassword: (v) => (v ? null : 'Enter a new password.'),
      confirmPassword: (v, values) => (v === values.newPassword ? null : 'The two new passwords differ.'),
    },
  });

  return (
    <Container size="sm" px={0}>
      <PageHeader title="My account" description="Your password and two-factor sign-in. Changing either signs out your other sessions." />
      <Stack gap="lg">
        <Paper withBorder p="lg" radius="md">
          <form
            ref={formRef}
            noValidate
            onSubmit={form.onSubmit((values) => {
              setProblem(null);
              change.mutate(
                { currentPassword: values.currentPassword, newPassword: values.newPassword },
                {
                  onSuccess: () => form.reset(),
                  onError: (error) => {
                    const apiError = toApiError(error);
                    const { formErrors, otherErrors } = splitFieldErrors(apiError.fieldErrors, (k) => PASSWORD_FIELDS[k.toLowerCase()]);
                    form.setErrors(formErrors);
                    setProblem(otherErrors.length > 0 || Object.keys(formErrors).length === 0 ? apiError.message : null);
                    focusFirstInvalid();
                  },
                },
              );
            }, focusFirstInvalid)}
          >
            <Stack>
              <Title order={3} size="h4">
                Password
              </Title>
              {problem && <Alert color="red" icon={<IconAlertCircle />} title={problem} role="alert" />}
              {change.isSuccess && (
                <Alert color="green" icon={<IconCheck />} role="status">
                  {PASSWORD_CHANGED_TEXT}
                </Alert>
              )}
              <PasswordInput label="Current password" autoComplete="current-password" withAsterisk {...form.getInputProps('currentPassword')} />
              <PasswordInput
                label="New password"
                description="At least 10 characters, with upper and lower case letters, a digit and a symbol."
                autoComplete="new-password"
                withAsterisk
                {...form.getInputProps('newPassword')}
              />
              <PasswordInput label="Repeat the new password" autoComplete="new-password" withAsterisk {...form.getInputProps('confirmPassword')} />
              <Group justify="flex-end">
                <Button type="submit" loading={change.isPending}>
                  Change password
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
        <TwoFactorSection />
      </Stack>
    </Container>
  );
}
