import type { ReactNode } from 'react';
import { Alert, Center, Code, DataList, Drawer, Group, Loader, Paper, Stack, Table, Text, Timeline, Title } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import type { MessageDetailDto, MessageDto, MessageStatusEventDto } from '../../api/client';
import { toApiError } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { MessageErrorAlert } from './MessageErrorAlert';
import { MessageStatusBadge } from './MessageStatusBadge';
import { recipientName } from './MessagesTable';
import { MessageSource } from './MessageSource';
import { MessageCost } from './MessageCost';
import { messageStatusColor, providerLabel } from '../../lib/messages';
import { useMessageDetail } from '../../lib/queries/messages';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap="xs" component="section" aria-label={title}>
      <Title order={3} size="h5">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

function Parameters({ parameters }: { parameters: Record<string, string> }) {
  const entries = Object.entries(parameters);
  if (entries.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        This template has no parameters.
      </Text>
    );
  }
  return (
    <Table withTableBorder verticalSpacing={4} aria-label="Parameters">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w="35%">Name</Table.Th>
          <Table.Th>Value</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {entries.map(([name, value]) => (
          <Table.Tr key={name}>
            <Table.Td>
              <Code fz="xs">{name}</Code>
            </Table.Td>
            <Table.Td style={{ overflowWrap: 'anywhere' }}>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function History({ events }: { events: MessageStatusEventDto[] }) {
  if (events.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No status recorded yet.
      </Text>
    );
  }
  return (
    <Timeline active={events.length - 1} bulletSize={14} lineWidth={2} role="list" aria-label="Status history">
      {events.map((event, i) => (
        <Timeline.Item
          key={`${event.status}-${event.at}-${i}`}
          role="listitem"
          color={messageStatusColor(event.status)}
          title={
            <Text size="sm" fw={600}>
              {event.status}
            </Text>
          }
        >
          <Text size="xs" c="dimmed">
            {formatDateTime(event.at, true)}
          </Text>
          {event.errorCode && (
            <Text size="xs" c="red.8">
              Error {event.errorCode}
            </Text>
          )}
          {event.detail && (
            <Text size="xs" style={{ overflowWrap: 'anywhere' }}>
              {event.detail}
            </Text>
          )}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

function Details({ message, detail, loading }: { message: MessageDto; detail: MessageDetailDto | undefined; loading: boolean }) {
  const status = message.status ?? 'Queued';
  const rows: [string, ReactNode][] = [
    ['To', [message.customerName, message.to].filter(Boolean).join(' · ')],
    ['Template', [message.templateName, message.language].filter(Boolean).join(' · ')],
    ['Sent at', formatDateTime(message.createdAt, true)],
    ['Source', <MessageSource message={message} />],
    ['Provider', providerLabel(message.providerType) || '—'],
    ['Provider message id', message.providerMessageId ? <Code fz="xs">{message.providerMessageId}</Code> : '—'],
    ['Cost', <MessageCost message={message} />],
    ['Attempts', String(message.attempts ?? 0)],
    ['Next attempt', message.nextAttemptAt ? formatDateTime(message.nextAttemptAt, true) : '—'],
  ];
  if (message.entityRef) rows.push(['Reference', message.entityRef]);

  return (
    <Stack gap="lg">
      <Group gap="xs">
        <Text size="sm" fw={500}>
          Status
        </Text>
        <MessageStatusBadge status={status} size="lg" />
      </Group>
      {message.error && <MessageErrorAlert status={status} error={message.error} />}

      <DataList labelWidth="11rem" size="sm" aria-label="Delivery">
        {rows.map(([label, value]) => (
          <DataList.Item key={label}>
            <DataList.ItemLabel>{label}</DataList.ItemLabel>
            <DataList.ItemValue>{value}</DataList.ItemValue>
          </DataList.Item>
        ))}
      </DataList>

      <Section title="Message">
        {detail?.renderedBody ? (
          <Paper withBorder p="sm" bg="var(--mantine-color-gray-0)">
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="rendered-body">
              {detail.renderedBody}
            </Text>
          </Paper>
        ) : (
          <Text size="sm" c="dimmed">
            {loading ? 'Loading…' : 'The text of this message is not available.'}
          </Text>
        )}
      </Section>

      <Section title="Parameters">
        <Parameters parameters={message.parameters ?? {}} />
      </Section>

      <Section title="Status history">
        {loading ? <Loader size="sm" role="status" aria-label="Loading history" /> : <History events={detail?.history ?? []} />}
      </Section>
    </Stack>
  );
}

/**
 * One message in a drawer: status, error and what it means, delivery details, rendered body, parameters and its
 * status history. Shows the row it was opened from at once, then the full record (followed while on its way).
 */
export function MessageDetailDrawer({ message, onClose }: { message: MessageDto | null; onClose: () => void }) {
  const detail = useMessageDetail(message?.id ?? null);
  const current = detail.data?.message ?? message;

  return (
    <Drawer
      opened={message !== null}
      onClose={onClose}
      position="right"
      size="lg"
      title={current ? `Message to ${recipientName(current)}` : 'Message'}
      closeButtonProps={{ 'aria-label': 'Close message details' }}
    >
      {detail.error && (
        <Alert color="red" icon={<IconAlertCircle />} title="Could not load this message" role="alert" mb="md">
          {toApiError(detail.error).message}
        </Alert>
      )}
      {current ? (
        <Details message={current} detail={detail.data} loading={detail.isPending && !detail.error} />
      ) : (
        <Center py="xl">
          <Loader role="status" aria-label="Loading message" />
        </Center>
      )}
    </Drawer>
  );
}
