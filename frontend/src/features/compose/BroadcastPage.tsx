import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Button, Code, Container, DataList, Grid, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconAlertCircle, IconBan, IconHistory, IconPlayerPause } from '@tabler/icons-react';
import type { BroadcastDto } from '../../api/client';
import { formatDateTime, formatMoney } from '../../lib/format';
import { PageHeader } from '../../layout/PageHeader';
import { RecordSkeleton } from '../../layout/RecordSkeleton';
import { BackLink, RecordUnavailable } from '../../layout/RecordUnavailable';
import { useBroadcast, useCancelBroadcast } from './broadcastQueries';
import { audienceSummary, isActiveBroadcast } from './composePayload';
import { CountList, SkippedBreakdownList } from './CountList';
import { SkippedRecipients } from './SkippedRecipients';
import { BroadcastStatusBadge } from '../../components/BroadcastStatusBadge';
import { useGroups } from '../../lib/queries/groups';
import { broadcastTitle, broadcastBarColor, waitsForSchedule } from '../../lib/broadcasts';
import { PercentBar } from '../../components/PercentBar';

function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={title} h="100%">
      <Title order={3} size="h4" mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

/** One sentence on where the broadcast stands. */
function statusSentence(b: BroadcastDto): string {
  const total = b.total ?? 0;
  const done = total - (b.queued ?? 0);
  switch (b.status) {
    case 'Preparing':
      return waitsForSchedule(b)
        ? `Writing the recipients to the outbox; scheduled for ${formatDateTime(b.scheduledAt)} (your time).`
        : 'Writing the recipients to the outbox; sending starts with the first of them.';
    case 'Scheduled':
      return `Scheduled for ${formatDateTime(b.scheduledAt)} (your time). The messages wait in the outbox until then.`;
    case 'Sending':
      return `Sending: ${done.toLocaleString()} of ${total.toLocaleString()} messages are on their way or done.`;
    case 'Completed':
      return `Completed ${formatDateTime(b.completedAt)}: every message has left the outbox.`;
    case 'Canceled':
      return `Canceled ${formatDateTime(b.canceledAt)}${b.canceledBy ? ` by ${b.canceledBy}` : ''}. Messages not yet sent were canceled.`;
    case 'Failed':
      return 'The broadcast failed.';
    default:
      return '';
  }
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

function DetailsCard({ broadcast }: { broadcast: BroadcastDto }) {
  // Only to name the audience's groups.
  const groups = useGroups((broadcast.audience?.groupIds?.length ?? 0) > 0);
  const variables = Object.entries(broadcast.variables ?? {});
  return (
    <Card title="Details">
      <DataList size="sm" labelWidth="8rem" aria-label="Broadcast details">
        <Detail label="Template">
          {broadcast.templateName} ({broadcast.language})
        </Detail>
        <Detail label="Audience">{audienceSummary(broadcast.audience, groups.data)}</Detail>
        {variables.length > 0 && (
          <Detail label="Variables">
            <Stack gap={2}>
              {variables.map(([key, text]) => (
                <Text key={key} size="sm">
                  <Code fz="xs">{`{{${key}}}`}</Code> = {text}
                </Text>
              ))}
            </Stack>
          </Detail>
        )}
        <Detail label="Scheduled for">{broadcast.scheduledAt ? formatDateTime(broadcast.scheduledAt) : 'Sent at once'}</Detail>
        <Detail label="Created">
          {formatDateTime(broadcast.createdAt)}
          {broadcast.createdBy ? ` by ${broadcast.createdBy}` : ''}
        </Detail>
        {broadcast.completedAt && <Detail label="Finished">{formatDateTime(broadcast.completedAt)}</Detail>}
        <Detail label="Cost so far">
          <Text size="sm" data-testid="broadcast-spend">
            {(broadcast.spend ?? []).length > 0 ? broadcast.spend!.map((m) => formatMoney(m.amount, m.currency)).join(' + ') : 'Nothing priced yet'}
          </Text>
        </Detail>
      </DataList>
    </Card>
  );
}

/**
 * A broadcast's progress: status, percent, messages by status, the skipped by reason, what was sent to whom.
 * Asks again every 1.5 s while the broadcast is preparing, scheduled or sending; Cancel stops what is still waiting.
 */
export function BroadcastPage() {
  const { id: idParam } = useParams();
  const id = /^\d+$/.test(idParam ?? '') ? Number(idParam) : null;
  const query = useBroadcast(id);
  const broadcast = query.data;

  const cancel = useCancelBroadcast(id);

  const back = { to: '/whatsapp/compose', label: 'Compose and recent broadcasts' };

  if (id === null || query.error) {
    return <RecordUnavailable error={id === null ? null : query.error} noun="Broadcast" back={back} goneText="This broadcast does not exist." />;
  }

  if (!broadcast) {
    return <RecordSkeleton label="Loading broadcast" />;
  }

  const title = broadcastTitle(broadcast);
  const active = isActiveBroadcast(broadcast.status);
  const confirmCancel = () =>
    modals.openConfirmModal({
      title: `Cancel ${title}?`,
      centered: true,
      children: (
        <Text size="sm">
          Messages still waiting in the outbox ({(broadcast.queued ?? 0).toLocaleString()} now) will not be sent. Those the provider already has
          stay sent.
        </Text>
      ),
      // "Keep sending" for one that has not started would promise something that is not happening.
      labels: { confirm: 'Cancel broadcast', cancel: waitsForSchedule(broadcast) ? 'Keep scheduled' : 'Keep sending' },
      confirmProps: { color: 'red' },
      onConfirm: () => cancel.mutate(),
    });

  return (
    <Container size="xl" px={0}>
      <PageHeader
        title={title}
        description={<BackLink {...back} />}
        actions={
          <Group gap="sm">
            <Button component={Link} to={`/whatsapp/log?broadcastId=${broadcast.id}`} variant="default" leftSection={<IconHistory size={16} />}>
              View messages in the Sent Log
            </Button>
            {active && (
              <Button color="red" variant="light" leftSection={<IconBan size={16} />} onClick={confirmCancel} loading={cancel.isPending}>
                Cancel broadcast
              </Button>
            )}
          </Group>
        }
      />

      <Stack gap="md">
        <Paper withBorder radius="md" p="md" component="section" aria-label="Progress">
          <Stack gap="sm">
            <Group gap="sm" wrap="wrap" role="status" aria-live="polite">
              <BroadcastStatusBadge status={broadcast.status} size="lg" data-testid="broadcast-status" />
              <Text size="sm">{statusSentence(broadcast)}</Text>
              {active && <Loader size="xs" type="dots" role="status" aria-label="Following the progress" />}
            </Group>
            <PercentBar percent={broadcast.percent ?? 0} label="Broadcast progress" size="xl" active={broadcast.status === 'Sending'} color={broadcastBarColor(broadcast.status)} />
            {broadcast.pausedReason && (
              <Alert color="orange" icon={<IconPlayerPause />} title="Paused: its template changed" role="status">
                {broadcast.pausedReason}
              </Alert>
            )}
            {broadcast.error && (
              <Alert color="red" icon={<IconAlertCircle />} title="What went wrong">
                {broadcast.error}
              </Alert>
            )}
          </Stack>
        </Paper>

        <Grid gap="md">
          <Grid.Col span={{ base: 12, sm: 6, lg: 4 }}>
            <Card title="Messages">
              <CountList
                aria-label="Messages by status"
                items={[
                  { key: 'total', label: 'Total', value: broadcast.total },
                  { key: 'queued', label: 'Queued', value: broadcast.queued },
                  { key: 'accepted', label: 'Accepted', value: broadcast.accepted },
                  { key: 'sent', label: 'Sent', value: broadcast.sent },
                  { key: 'delivered', label: 'Delivered', value: broadcast.delivered },
                  { key: 'read', label: 'Read', value: broadcast.read },
                  { key: 'failed', label: 'Failed', value: broadcast.failed },
                  { key: 'canceled', label: 'Canceled', value: broadcast.canceled },
                ]}
              />
            </Card>
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, lg: 3 }}>
            <Card title="Skipped">
              <Stack gap="xs">
                <CountList aria-label="Skipped in all" items={[{ key: 'skipped', label: 'Skipped', value: broadcast.skipped }]} />
                <SkippedBreakdownList breakdown={broadcast.skippedBreakdown} />
              </Stack>
            </Card>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 5 }}>
            <DetailsCard broadcast={broadcast} />
          </Grid.Col>
        </Grid>
        {/* Listed once the audience has been read to the end: while it is being prepared, the list still grows. */}
        {(broadcast.skipped ?? 0) > 0 && broadcast.status !== 'Preparing' && (
          <Card title="Skipped recipients">
            <SkippedRecipients broadcast={broadcast} />
          </Card>
        )}
      </Stack>
    </Container>
  );
}
