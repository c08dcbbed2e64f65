import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Anchor, Badge, Button, Code, DataList, Group, Progress, Stack, Text } from '@mantine/core';
import { IconSettings } from '@tabler/icons-react';
import type { FailureReasonDto, MessagingLimitDto, ProviderHealthDto } from '../../api/client';
import { loadProblem } from '../../lib/api';
import { formatAgo, formatDateTime } from '../../lib/format';
import { errorIsCurrent, errorMeaning, tierUsage } from './overview';
import { OverviewSection, SectionBody } from './OverviewSection';
import { isAdmin, useCurrentUser } from '../../lib/auth';
import { PROVIDER_SETTINGS_LINK } from '../../components/setup/setupStatus';
import { useTemplates } from '../../lib/queries/templates';
import { standbyCoverage, standbyCoverageText } from '../../lib/templates';

export const NO_PROVIDER_TEXT = 'No provider is active';
export const NO_TIER_TEXT = 'No messaging tier set';

/** "Nov 24, 01:16 PM · 3 minutes ago". */
function When({ at }: { at: string }) {
  return (
    <Text span inherit title={formatDateTime(at, true)}>
      {formatDateTime(at)} · {formatAgo(at)}
    </Text>
  );
}

/** Where an admin goes to change a provider; Staff are told an admin does it (the settings are admins only). */
function SettingsHint({ admin, action, staffText }: { admin: boolean; action: string; staffText: string }) {
  return admin ? (
    <Anchor component={Link} to={PROVIDER_SETTINGS_LINK} size="sm">
      {action}
    </Anchor>
  ) : (
    <Text size="sm" c="dimmed">
      {staffText}
    </Text>
  );
}

function NoActiveProvider({ admin }: { admin: boolean }) {
  return (
    <Stack gap="xs" align="flex-start" data-testid="no-provider">
      {admin ? (
        <>
          <Text size="sm">
            {NO_PROVIDER_TEXT} — set one up in{' '}
            <Anchor component={Link} to={PROVIDER_SETTINGS_LINK} underline="always">
              Settings → WhatsApp
            </Anchor>
            .
          </Text>
          <Button component={Link} to={PROVIDER_SETTINGS_LINK} size="xs" variant="light" leftSection={<IconSettings size={14} />}>
            Set up a provider
          </Button>
        </>
      ) : (
        <Text size="sm">{NO_PROVIDER_TEXT} — an admin sets one up in Settings → WhatsApp.</Text>
      )}
    </Stack>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

function LastError({ health, failures }: { health: ProviderHealthDto; failures: FailureReasonDto[] | undefined }) {
  if (!health.lastErrorAt) return <Text size="sm">None</Text>;
  const meaning = errorMeaning(health, failures);
  const current = errorIsCurrent(health);
  return (
    <Stack gap={2} data-testid="last-error">
      <Text size="sm">
        <When at={health.lastErrorAt} />
        {!current && (
          <Text span inherit c="dimmed">
            {' '}
            (sent fine since)
          </Text>
        )}
      </Text>
      <Text size="sm" c={current ? 'red.8' : undefined}>
        {health.lastErrorCode && <Code mr={6}>{health.lastErrorCode}</Code>}
        {health.lastErrorMessage}
      </Text>
      {meaning && meaning !== health.lastErrorMessage && (
        <Text size="sm" c="dimmed">
          What it means: {meaning}
        </Text>
      )}
    </Stack>
  );
}

function Circuit({ health, standby }: { health: ProviderHealthDto; standby: ProviderHealthDto | undefined }) {
  if (health.circuitState !== 'open') {
    return (
      <Badge color="whatsapp" variant="light" data-testid="circuit-state">
        Closed — sending normally
      </Badge>
    );
  }
  return (
    <Stack gap={2} align="flex-start">
      <Badge color="red" variant="filled" data-testid="circuit-state">
        Open
      </Badge>
      <Text size="sm">
        Sends are paused after repeated failures
        {health.circuitOpenUntil ? ` until ${formatDateTime(health.circuitOpenUntil, true)}` : ''}
        {standby ? `; messages fail over to ${standby.name} meanwhile.` : '.'}
      </Text>
    </Stack>
  );
}

/**
 * The active provider and its health: when it last sent and last failed (code, text and what the code means), its
 * circuit (open while sends are paused after repeated failures) and the standby messages fail over to.
 */
export function ProviderHealthCard({
  health,
  failures,
  error,
}: {
  health: ProviderHealthDto[] | undefined;
  failures: FailureReasonDto[] | undefined;
  error: unknown;
}) {
  const admin = isAdmin(useCurrentUser().data);
  const templates = useTemplates('', null);
  return (
    <OverviewSection title="Active provider">
      <SectionBody data={health} error={error} problem={loadProblem(error, 'Could not load the providers’ health.')} skeletonHeight={150}>
        {(data) => {
          const active = data.find((p) => p.isActive);
          if (!active) return <NoActiveProvider admin={admin} />;
          const standby = data.find((p) => p.isStandby && !p.isActive);
          const coverage = standby && templates.data ? standbyCoverage(templates.data, standby.id!) : null;
          return (
            <Stack gap="sm">
              <Group gap="xs" data-testid="active-provider">
                <Text fw={600}>{active.name}</Text>
                <Badge variant="light" color="gray">
                  {active.providerType}
                </Badge>
              </Group>
              <DataList size="sm" labelWidth="7rem" aria-label={`Health of ${active.name}`}>
                <Item label="Last success">
                  {active.lastSuccessAt ? (
                    <Text size="sm" data-testid="last-success">
                      <When at={active.lastSuccessAt} />
                    </Text>
                  ) : (
                    <Text size="sm" c="dimmed" data-testid="last-success">
                      No message sent yet
                    </Text>
                  )}
                </Item>
                <Item label="Last error">
                  <LastError health={active} failures={failures} />
                </Item>
                <Item label="Circuit">
                  <Circuit health={active} standby={standby} />
                </Item>
                <Item label="Standby">
                  {standby ? (
                    <Stack gap={0} data-testid="standby-provider">
                      <Text size="sm">
                        {standby.name}{' '}
                        <Text span inherit c="dimmed">
                          ({standby.providerType}){!coverage || coverage.bound === coverage.total ? ` takes over while ${active.name} is down` : ''}
                        </Text>
                      </Text>
                      {coverage && coverage.total > 0 && (
                        <Text size="sm" c={coverage.bound < coverage.total ? 'red.9' : 'dimmed'} data-testid="standby-coverage">
                          {standbyCoverageText(coverage)}
                        </Text>
                      )}
                    </Stack>
                  ) : (
                    <Stack gap={0} align="flex-start" data-testid="standby-provider">
                      <Text size="sm">None: while {active.name} is down, messages wait for it.</Text>
                      <SettingsHint
                        admin={admin}
                        action="Choose a standby in Settings → WhatsApp"
                        staffText="An admin can choose a standby in Settings → WhatsApp."
                      />
                    </Stack>
                  )}
                </Item>
              </DataList>
            </Stack>
          );
        }}
      </SectionBody>
    </OverviewSection>
  );
}

/** Where the limit comes from, in words: Meta's own tier (and when it was read) or the admin's setting. */
function limitSourceText(limit: MessagingLimitDto): string {
  if (limit.source === 'provider') return `${limit.tier ?? 'Reported by the provider'}${limit.tierReadAt ? `, read ${formatAgo(limit.tierReadAt)}` : ''}`;
  return 'set in Settings → WhatsApp';
}

/**
 * The active provider's last 24 hours against its messaging limit: WhatsApp lets a business reach so many unique people
 * outside their service windows in a moving 24 hours (the tier Meta reports, else the one set in the settings).
 */
export function MessagingTierCard({ health, error }: { health: ProviderHealthDto[] | undefined; error: unknown }) {
  const admin = isAdmin(useCurrentUser().data);
  return (
    <OverviewSection
      title="Last 24 hours"
      description="Unique people the active provider reached outside their service window, against its messaging limit."
    >
      <SectionBody data={health} error={error} problem={loadProblem(error, 'Could not load the providers’ health.')} skeletonHeight={72}>
        {(data) => {
          const active = data.find((p) => p.isActive);
          if (!active) return <Text size="sm" c="dimmed">{NO_PROVIDER_TEXT}.</Text>;
          const messagingLimit = active.messagingLimit ?? {};
          const reached = messagingLimit.reached ?? 0;
          const sent = (
            <Text size="sm" c="dimmed" data-testid="sent-last-24h">
              {(active.sentLast24h ?? 0).toLocaleString()} messages accepted in all.
            </Text>
          );
          const limit = messagingLimit.limit;
          if (limit === null || limit === undefined) {
            return (
              <Stack gap={4} align="flex-start" data-testid="messaging-tier">
                <Text fz={28} fw={700} style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {reached.toLocaleString()}
                </Text>
                {messagingLimit.source === 'provider' ? (
                  <Text size="sm">Unlimited ({limitSourceText(messagingLimit)}).</Text>
                ) : (
                  <>
                    <Text size="sm">{NO_TIER_TEXT}: nothing to hold these against.</Text>
                    <SettingsHint
                      admin={admin}
                      action={`Set ${active.name}’s tier in Settings → WhatsApp`}
                      staffText="An admin can set it in Settings → WhatsApp."
                    />
                  </>
                )}
                {sent}
              </Stack>
            );
          }
          const usage = tierUsage(reached, limit);
          const color = usage.level === 'over' ? 'red' : usage.level === 'near' ? 'yellow' : 'whatsapp';
          return (
            <Stack gap={6} data-testid="messaging-tier">
              <Text size="sm">
                <Text span fz={28} fw={700} style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {reached.toLocaleString()}
                </Text>{' '}
                of {limit.toLocaleString()} ({usage.percent}%) people
              </Text>
              <Progress
                value={Math.min(usage.percent, 100)}
                color={color}
                aria-label={`People reached in the last 24 hours against the messaging limit of ${active.name}`}
              />
              <Text size="sm" c="dimmed" data-testid="limit-source">
                Limit {limit.toLocaleString()}: {limitSourceText(messagingLimit)}.
              </Text>
              {sent}
              {usage.level === 'over' && (
                <Text size="sm" c="red.8">
                  The limit is used up: WhatsApp refuses messages to anyone new until the 24-hour window moves on.
                </Text>
              )}
              {usage.level === 'near' && (
                <Text size="sm" fw={500}>
                  Close to the limit: a large broadcast now may be refused in part.
                </Text>
              )}
            </Stack>
          );
        }}
      </SectionBody>
    </OverviewSection>
  );
}
