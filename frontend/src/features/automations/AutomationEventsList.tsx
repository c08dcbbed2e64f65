import { Link } from 'react-router';
import { Anchor, Button, Code, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconClock, IconMinus, IconRefresh } from '@tabler/icons-react';
import type { AutomationEventDto, AutomationEventStatus } from '../../api/client';
import { formatDateTime } from '../../lib/format';
import { QueryTable } from '../../layout/QueryTable';
import { StatusBadge } from '../../layout/StatusBadge';
import { useAutomationEvents } from './automationQueries';

/** Each outcome has its own word and icon, not only a color. */
const OUTCOMES: Record<AutomationEventStatus, { label: string; color: string; icon: typeof IconCheck }> = {
  Pending: { label: 'Pending', color: 'blue', icon: IconClock },
  Messaged: { label: 'Messaged', color: 'whatsapp', icon: IconCheck },
  Skipped: { label: 'Skipped', color: 'gray', icon: IconMinus },
  Failed: { label: 'Failed', color: 'red', icon: IconAlertTriangle },
};

export function EventOutcomeBadge({ status }: { status: AutomationEventStatus | undefined }) {
  const outcome = OUTCOMES[status ?? 'Pending'];
  return (
    <StatusBadge label={outcome.label} color={outcome.color} icon={outcome.icon} />
  );
}

/** The Sent Log filtered to the event's customer and type, with its message open. */
export function messageLink(event: AutomationEventDto): string {
  const params = new URLSearchParams();
  if (event.customerId != null) params.set('customerId', String(event.customerId));
  if (event.type) params.set('eventType', event.type);
  if (event.messageId != null) params.set('message', String(event.messageId));
  return `/whatsapp/log?${params.toString()}`;
}

function EventRow({ event, titles }: { event: AutomationEventDto; titles: Record<string, string> }) {
  return (
    <Table.Tr data-testid="automation-event">
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(event.occurredAt)}</Table.Td>
      <Table.Td>
        <Text size="sm">{titles[event.type ?? ''] ?? event.type}</Text>
        <Code fz="xs">{event.type}</Code>
      </Table.Td>
      <Table.Td>
        {event.customerId != null ? (
          <Anchor component={Link} to={`/customers/${event.customerId}`} size="sm">
            Customer #{event.customerId}
          </Anchor>
        ) : (
          '—'
        )}
        <Text size="xs" c="dimmed">
          {event.entityRef}
        </Text>
      </Table.Td>
      <Table.Td>
        <Stack gap={2} align="flex-start">
          <EventOutcomeBadge status={event.status} />
          {event.status !== 'Messaged' && (event.detail || event.skipReason) && (
            <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              {event.detail || event.skipReason}
            </Text>
          )}
        </Stack>
      </Table.Td>
      <Table.Td>
        {event.messageId != null ? (
          <Anchor component={Link} to={messageLink(event)} size="sm">
            Message #{event.messageId}
          </Anchor>
        ) : (
          <Text size="sm" c="dimmed">
            None
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** What the latest events did: their message in the Sent Log, or why none was sent. */
export function AutomationEventsList({ titles }: { titles: Record<string, string> }) {
  const events = useAutomationEvents();
  return (
    <Stack gap="sm" component="section" aria-label="Recent events">
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Title order={3} size="h4">
            Recent events
          </Title>
          <Text size="sm" c="dimmed">
            What the application and other systems raised, newest first, and the message each one led to.
          </Text>
        </Stack>
        <Button variant="default" size="xs" leftSection={<IconRefresh size={14} />} onClick={() => void events.refetch()} loading={events.isFetching}>
          Refresh
        </Button>
      </Group>
      <QueryTable
        query={events}
        rows={events.data?.items ?? undefined}
        what="events"
        empty="No event yet. Bills, payments, tickets and the other records raise them as they happen."
        label="Recent events"
        columns={['When', 'Event', 'Customer', 'Outcome', 'Message']}
        framed
        minWidth={760}
      >
        {(items) => items.map((event) => <EventRow key={event.id} event={event} titles={titles} />)}
      </QueryTable>
    </Stack>
  );
}
