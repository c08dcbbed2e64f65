import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { Alert, Button, Center, Group, Paper, PasswordInput, Stack, Text, TextInput, ThemeIcon, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertCircle, IconBrandWhatsapp } from '@tabler/icons-react';
import { toApiError } from '../../lib/api';
import { APP_TITLE } from '../../theme';
import { useCurrentUser, useLogin } from '../../lib/auth';
import { useFocusFirstInvalid } from '../../lib/focusFirstInvalid';

const DEFAULT_TARGET = '/whatsapp/overview';

/** Where to go after signing in: the page the user was sent away from, if it is one of ours. */
function targetFrom(state: unknown): string {
  const from = typeof state === 'object' && state !== null && 'from' in state ? (state as { from: unknown }).from : undefined;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') && !from.startsWith('/login') ? from : DEFAULT_TARGET;
}

/** Identity puts the sign-in result in a 401's detail: Failed, LockedOut, NotAllowed, RequiresTwoFactor. */
function signInResultOf(error: unknown): string {
  return toApiError(error).status === 401 ? ((error as { response?: string }).response ?? '') : '';
}

/** True when the password was right and the account asks for a code from its authenticator app. */
export function requiresTwoFactor(error: unknown): boolean {
  return signInResultOf(error).includes('RequiresTwoFactor');
}

/** A sign-in failure as a person should read it; `withCode` when a two-factor or recovery code was sent. */
export function loginErrorMessage(error: unknown, withCode = false): string {
  const apiError = toApiError(error);
  if (apiError.status === 401) {
    const detail = signInResultOf(error);
    if (detail.includes('LockedOut')) return 'This account is locked after too many failed attempts. Try again later.';
    if (detail.includes('NotAllowed')) return 'This account is not allowed to sign in.';
    return withCode ? 'That code is not right. Try the current one from your app.' : 'Wrong email or password';
  }
  return apiError.message;
}

export function LoginPage() {
  const location = useLocation();
  const navigate = useNavigate();
  const { data: user } = useCurrentUser();
  const [error, setError] = useState<string | null>(null);
  // After a right password for an account with two-factor on: which second factor the person types.
  const [secondFactor, setSecondFactor] = useState<'code' | 'recovery' | null>(null);
  const target = targetFrom(location.state);

  const [formRef, focusFirstInvalid] = useFocusFirstInvalid();
  const form = useForm({
    mode: 'controlled',
    initialValues: { email: '', password: '', code: '' },
    validate: {
      email: (v) => (v.trim() ? null : 'Enter your email'),
      password: (v) => (v ? null : 'Enter your password'),
      code: (v) => (secondFactor && !v.trim() ? (secondFactor === 'code' ? 'Enter the code from your app' : 'Enter a recovery code') : null),
    },
  });

  const login = useLogin({
    onSuccess: async () => {
      setError(null);
      await navigate(target, { replace: true });
    },
    onError: (e) => {
      if (requiresTwoFactor(e)) {
        setError(null);
        setSecondFactor('code');
      } else setError(loginErrorMessage(e, secondFactor !== null));
    },
  });

  if (user && !login.isPending) return <Navigate to={target} replace />;

  return (
    <Center mih="100vh" p="md" bg="var(--mantine-color-gray-0)">
      <Stack w="100%" maw={400} gap="lg">
        <Group justify="center" gap="sm">
          <ThemeIcon size={44} radius="xl" variant="filled" aria-hidden>
            <IconBrandWhatsapp size={28} />
          </ThemeIcon>
          <Title order={2} fw={700}>
            {APP_TITLE}
          </Title>
        </Group>
        <Paper withBorder shadow="sm" radius="md" p="xl">
          <form
            ref={formRef}
            onSubmit={form.onSubmit(({ email, password, code }) =>
              login.mutate({
                email,
                password,
                ...(secondFactor === 'code' && { twoFactorCode: code.replace(/\s/g, '') }),
                ...(secondFactor === 'recovery' && { twoFactorRecoveryCode: code.trim() }),
              }),
              focusFirstInvalid,
            )}
            noValidate
          >
            <Stack>
              <div>
                <Title order={3} size="h4">
                  Sign in
                </Title>
                <Text size="sm" c="dimmed">
                  Use the account your administrator created for you.
                </Text>
              </div>
              {error && (
                <Alert color="red" icon={<IconAlertCircle />} role="alert" title={error} />
              )}
              {secondFactor ? (
                <>
                  <TextInput
                    key={secondFactor}
                    label={secondFactor === 'code' ? 'Code from your authenticator app' : 'Recovery code'}
                    description={secondFactor === 'code' ? 'Two-factor sign-in is on for this account.' : 'Each recovery code works once.'}
                    autoComplete="one-time-code"
                    inputMode={secondFactor === 'code' ? 'numeric' : 'text'}
                    autoFocus
                    withAsterisk
                    {...form.getInputProps('code')}
                  />
                  <Button
                    variant="subtle"
                    size="compact-sm"
                    onClick={() => {
                      form.setFieldValue('code', '');
                      setError(null);
                      setSecondFactor(secondFactor === 'code' ? 'recovery' : 'code');
                    }}
                  >
                    {secondFactor === 'code' ? 'Use a recovery code instead' : 'Use the code from your app'}
                  </Button>
                </>
              ) : (
                <>
                  <TextInput
                    label="Email"
                    type="email"
                    autoComplete="username"
                    placeholder="you@example.com"
                    autoFocus
                    withAsterisk
                    {...form.getInputProps('email')}
                  />
                  <PasswordInput
                    label="Password"
                    autoComplete="current-password"
                    withAsterisk
                    aria-invalid={form.errors.password ? true : undefined}
                    {...form.getInputProps('password')}
                  />
                </>
              )}
              <Button type="submit" fullWidth loading={login.isPending}>
                {secondFactor ? 'Verify' : 'Sign in'}
              </Button>
            </Stack>
          </form>
        </Paper>
      </Stack>
    </Center>
  );
}
