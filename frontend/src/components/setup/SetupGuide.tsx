import { useId, type ReactNode } from 'react';
import { Link } from 'react-router';
import { Anchor, Box, Button, Group, Paper, Stack, Text, ThemeIcon, Title, type MantineSpacing } from '@mantine/core';
import { IconCheck, IconRefresh, IconSettings } from '@tabler/icons-react';
import { useSetupStatus } from './setupQueries';
import { nextSetupStep, PROVIDER_SETTINGS_LINK, TEMPLATES_LINK, type SetupStatus } from './setupStatus';
import { isAdmin, useCurrentUser } from '../../lib/auth';

export const SETUP_GUIDE_TITLE = 'Before you can send';

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** One numbered step: its number (a check once done), what it is, and what to do. */
function SetupStep({ number, done, title, children }: { number: number; done: boolean; title: string; children: ReactNode }) {
  return (
    <Box component="li" data-testid="setup-step" data-done={done || undefined}>
      <Group gap="sm" align="flex-start" wrap="nowrap">
        <ThemeIcon radius="xl" size={26} variant={done ? 'filled' : 'light'} color={done ? 'whatsapp' : 'gray'} aria-hidden>
          {done ? (
            <IconCheck size={16} />
          ) : (
            <Text size="sm" fw={700}>
              {number}
            </Text>
          )}
        </ThemeIcon>
        <Stack gap={4} align="flex-start">
          <Text fw={600} size="sm">
            {title}
            {done && (
              <Text span inherit c="whatsapp.8">
                {' '}
                — done
              </Text>
            )}
          </Text>
          {children}
        </Stack>
      </Group>
    </Box>
  );
}

function ProviderStep({ status, admin }: { status: SetupStatus; admin: boolean }) {
  const active = status.activeProvider;
  let text: ReactNode;
  if (active) text = <>Messages go out through {active.name}.</>;
  else if (status.providerCount === 0) text = <>No WhatsApp provider is set up yet: add your Twilio, Vonage or Meta account and set it active.</>;
  else text = <>{count(status.providerCount, 'provider')} set up, but none is active: set one active to send through it.</>;
  return (
    <SetupStep number={1} done={!!active} title="Connect a WhatsApp provider">
      <Text size="sm">{text}</Text>
      {!active &&
        (admin ? (
          <Button component={Link} to={PROVIDER_SETTINGS_LINK} size="xs" variant="light" leftSection={<IconSettings size={14} />}>
            Open Settings → WhatsApp
          </Button>
        ) : (
          <Text size="sm" c="dimmed">
            Only an admin can do this, in Settings → WhatsApp: ask one of them.
          </Text>
        ))}
    </SetupStep>
  );
}

function TemplatesStep({ status }: { status: SetupStatus }) {
  const active = status.activeProvider;
  const done = status.sendableCount > 0;
  let text: ReactNode;
  if (done) text = <>{count(status.sendableCount, 'approved template')} ready to send.</>;
  else if (!active)
    text = (
      <>
        Once a provider is active, sync the templates WhatsApp approved for it on the{' '}
        <Anchor component={Link} to={TEMPLATES_LINK} inherit underline="always">
          Templates
        </Anchor>{' '}
        page.
      </>
    );
  else if (status.approvedCount > 0)
    text = <>None of the approved templates is bound to {active.name}: sync them from it on the Templates page.</>;
  else text = <>No approved template yet: sync the templates WhatsApp approved for {active.name} on the Templates page.</>;
  return (
    <SetupStep number={2} done={done} title="Sync the approved templates">
      <Text size="sm">{text}</Text>
      {!done && active && (
        <Button component={Link} to={TEMPLATES_LINK} size="xs" variant="light" leftSection={<IconRefresh size={14} />}>
          Open Templates → Sync
        </Button>
      )}
    </SetupStep>
  );
}

/**
 * What a new user has to do before a message can go out — connect a provider (Settings → WhatsApp, admins only),
 * then sync the approved templates (Templates) — with a link to where each is done. Shown only while a step is left,
 * and only once both lists are loaded (a failed load is the page's to show).
 */
export function SetupGuide({ description, mb }: { description?: string; mb?: MantineSpacing }) {
  const status = useSetupStatus();
  const { data: user } = useCurrentUser();
  const titleId = useId();
  if (!status || nextSetupStep(status) === null) return null;
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      mb={mb}
      component="section"
      aria-labelledby={titleId}
      data-testid="setup-guide"
      style={{ borderLeft: '4px solid var(--mantine-color-yellow-6)' }}
    >
      <Stack gap="sm">
        <Stack gap={2}>
          <Title order={3} size="h4" id={titleId}>
            {SETUP_GUIDE_TITLE}
          </Title>
          {description && (
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          )}
        </Stack>
        <Box
          component="ol"
          m={0}
          p={0}
          style={{ listStyle: 'none', display: 'flex', flexDirection: 'column', gap: 'var(--mantine-spacing-sm)' }}
        >
          <ProviderStep status={status} admin={isAdmin(user)} />
          <TemplatesStep status={status} />
        </Box>
      </Stack>
    </Paper>
  );
}
