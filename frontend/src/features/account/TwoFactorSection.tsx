import { useState } from 'react';
import { Alert, Button, Code, Group, List, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertCircle, IconShieldCheck, IconShieldLock } from '@tabler/icons-react';
import { QRCodeSVG } from 'qrcode.react';
import type { TwoFactorSetup } from '../../api/client';
import { toApiError } from '../../lib/api';
import { ListContent } from '../../layout/ListContent';
import { useDisableTwoFactor, useEnableTwoFactor, useRegenerateRecoveryCodes, useSetUpTwoFactor, useTwoFactorStatus } from './useTwoFactor';

export const TWO_FACTOR_REQUIRED_TEXT = 'Admins must turn on two-factor sign-in before using the rest of the app.';

/** Recovery codes are shown once: the server keeps only their hashes. */
function RecoveryCodesShown({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  return (
    <Alert color="green" icon={<IconShieldCheck />} title="Save your recovery codes" role="status">
      <Stack gap="xs">
        <Text size="sm">
          Each code signs you in once if you lose your phone. They are shown only now: print them or keep them in a password manager.
        </Text>
        <List size="sm" aria-label="Recovery codes" listStyleType="none">
          {codes.map((c) => (
            <List.Item key={c}>
              <Code>{c}</Code>
            </List.Item>
          ))}
        </List>
        <Group>
          <Button size="xs" variant="light" onClick={onDone}>
            I have saved them
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

function SetUpSteps({ setup, enable }: { setup: TwoFactorSetup; enable: ReturnType<typeof useEnableTwoFactor> }) {
  const [code, setCode] = useState('');
  const error = enable.error ? (toApiError(enable.error).fieldErrors?.code?.[0] ?? toApiError(enable.error).message) : null;
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        enable.mutate(code.trim());
      }}
    >
      <Stack>
        <Text size="sm">1. Scan this code with your authenticator app (Google Authenticator, Microsoft Authenticator, 1Password, …).</Text>
        <QRCodeSVG value={setup.authenticatorUri ?? ''} size={176} marginSize={2} title="QR code for your authenticator app" />
        <Text size="sm">
          Or type this key into the app: <Code data-testid="two-factor-key">{setup.sharedKey}</Code>
        </Text>
        <TextInput
          label="2. Code from the app"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={8}
          w={200}
          value={code}
          error={error}
          onChange={(e) => setCode(e.currentTarget.value)}
        />
        <Group>
          <Button type="submit" loading={enable.isPending} disabled={!code.trim()}>
            Turn on two-factor sign-in
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** My account → two-factor sign-in: set up with an authenticator app, recovery codes, turn off. */
export function TwoFactorSection() {
  const status = useTwoFactorStatus();
  const setUp = useSetUpTwoFactor();
  const enable = useEnableTwoFactor();
  const disable = useDisableTwoFactor();
  const regenerate = useRegenerateRecoveryCodes();
  const [codesSaved, setCodesSaved] = useState(false);
  const codes = codesSaved ? null : (regenerate.data?.codes ?? enable.data?.codes ?? null);
  const problem = [setUp.error, disable.error, regenerate.error].find(Boolean);
  const data = status.data;

  return (
    <Stack>
      <Title order={3} size="h4">
        Two-factor sign-in
      </Title>
      <ListContent query={status} what="two-factor settings" count={data ? 1 : 0} empty={null}>
        {data && (
          <Stack p="lg">
            {data.requiredForYou && !data.enabled && <Alert color="yellow" icon={<IconShieldLock />} title={TWO_FACTOR_REQUIRED_TEXT} role="alert" />}
            {problem != null && <Alert color="red" icon={<IconAlertCircle />} title={toApiError(problem).message} role="alert" />}
            {codes && <RecoveryCodesShown codes={codes} onDone={() => setCodesSaved(true)} />}
            {data.enabled ? (
              <>
                <Text size="sm">
                  Two-factor sign-in is <b>on</b>: signing in asks for a code from your authenticator app. Recovery codes left: {data.recoveryCodesLeft}.
                </Text>
                <Group>
                  <Button
                    variant="default"
                    loading={regenerate.isPending}
                    onClick={() => {
                      setCodesSaved(false);
                      enable.reset();
                      regenerate.mutate();
                    }}
                  >
                    New recovery codes
                  </Button>
                  <Button
                    color="red"
                    variant="light"
                    loading={disable.isPending}
                    disabled={data.requiredForYou}
                    onClick={() =>
                      disable.mutate(undefined, {
                        onSuccess: () => {
                          setUp.reset();
                          enable.reset();
                          regenerate.reset();
                        },
                      })
                    }
                  >
                    Turn off two-factor sign-in
                  </Button>
                </Group>
              </>
            ) : setUp.data ? (
              <SetUpSteps setup={setUp.data} enable={enable} />
            ) : (
              <>
                <Text size="sm">Two-factor sign-in is off. With it on, signing in also asks for a code from an app on your phone.</Text>
                <Group>
                  <Button leftSection={<IconShieldLock size={16} />} loading={setUp.isPending} onClick={() => setUp.mutate()}>
                    Set up two-factor sign-in
                  </Button>
                </Group>
              </>
            )}
          </Stack>
        )}
      </ListContent>
    </Stack>
  );
}
