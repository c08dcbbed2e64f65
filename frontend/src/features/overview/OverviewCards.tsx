import { Link } from 'react-router';
import { Anchor, Group, Skeleton, Stack, Text } from '@mantine/core';
import type { BroadcastDto, DailyMessagesDto } from '../../api/client';
import { loadProblem } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { recentCounts } from './overview';
import { OverviewSection, SectionBody, SectionLoadFailure } from './OverviewSection';
import { BroadcastStatusBadge } from '../../components/BroadcastStatusBadge';
import { broadcastTitle, broadcastBarColor } from '../../lib/broadcasts';
import { PercentBar } from '../../components/PercentBar';

/** Today's messages (UTC day), with yesterday's beside them. */
export function TodayCard({ daily, error }: { daily: DailyMessagesDto[] | undefined; error: unknown }) {
  return (
    <OverviewSection title="Messages today">
      <SectionBody data={daily} error={error} problem={loadProblem(error, 'Could not load the message counts.')} skeletonHeight={48}>
        {(data) => {
          const { today, yesterday } = recentCounts(data);
          return (
            <Stack gap={0}>
              <Text fz={28} fw={700} data-testid="messages-today" style={{ fontVariantNumeric: 'tabular-nums' }}>
                {today.toLocaleString()}
              </Text>
              <Text size="sm" c="dimmed">
                Yesterday: {yesterday.toLocaleString()} (days in UTC)
              </Text>
            </Stack>
          );
        }}
      </SectionBody>
    </OverviewSection>
  );
}

function ActiveBroadcastRow({ broadcast }: { broadcast: BroadcastDto }) {
  const title = broadcastTitle(broadcast);
  return (
    <Stack gap={4} aria-label={title} role="group">
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Anchor component={Link} to={`/whatsapp/broadcasts/${broadcast.id}`} fw={600} size="sm">
          {title}
        </Anchor>
        <BroadcastStatusBadge status={broadcast.status} />
      </Group>
      {broadcast.status === 'Scheduled' ? (
        <Text size="xs" c="dimmed">
          Scheduled for {formatDateTime(broadcast.scheduledAt)} · {(broadcast.total ?? 0).toLocaleString()} recipients
        </Text>
      ) : (
        <PercentBar percent={broadcast.percent ?? 0} label={`Progress of ${title}`} size="sm" active={broadcast.status === 'Sending'} color={broadcastBarColor(broadcast.status)} />
      )}
    </Stack>
  );
}

/** Sending, preparing and scheduled broadcasts with their progress, each linking to its page. */
export function ActiveBroadcastsCard({ items, isPending, error }: { items: BroadcastDto[]; isPending: boolean; error: unknown }) {
  let body;
  if (error && items.length === 0) body = <SectionLoadFailure problem={loadProblem(error, 'Could not load the running broadcasts.')} />;
  else if (isPending) body = <Skeleton h={48} />;
  else if (items.length === 0)
    body = (
      <Text size="sm" c="dimmed">
        No broadcast is running or scheduled.{' '}
        <Anchor component={Link} to="/whatsapp/compose" underline="always">
          Compose one
        </Anchor>
      </Text>
    );
  else
    body = (
      <Stack gap="sm">
        {items.map((b) => (
          <ActiveBroadcastRow key={b.id} broadcast={b} />
        ))}
      </Stack>
    );
  return <OverviewSection title="Running and scheduled broadcasts">{body}</OverviewSection>;
}
