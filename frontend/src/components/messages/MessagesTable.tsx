import { Link } from 'react-router';
import { Anchor, Group, Paper, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { MessageDto } from '../../api/client';
import { formatDateTime } from '../../lib/format';
import { MessageStatusBadge } from './MessageStatusBadge';
import { MessageSource } from './MessageSource';
import { MessageCost } from './MessageCost';
import { providerLabel } from '../../lib/messages';

/** Who a message went to, for labels: the customer's name, else the number. */
export function recipientName(message: MessageDto): string {
  return message.customerName || message.to || 'unknown recipient';
}

function RecipientCell({ message }: { message: MessageDto }) {
  return (
    <Stack gap={0}>
      {message.customerId != null && message.customerName ? (
        <Anchor
          component={Link}
          to={`/customers/${message.customerId}`}
          size="sm"
          fw={500}
          // The row opens the message; the name opens the customer.
          onClick={(e) => e.stopPropagation()}
        >
          {message.customerName}
        </Anchor>
      ) : null}
      <Text size={message.customerName ? 'xs' : 'sm'} c={message.customerName ? 'dimmed' : undefined} style={{ whiteSpace: 'nowrap' }}>
        {message.to}
      </Text>
    </Stack>
  );
}

function ErrorCell({ message }: { message: MessageDto }) {
  const error = message.error;
  if (!error) return null;
  // A canceled message did not fail: its reason (e.g. its broadcast was canceled) is news, not an error.
  const canceled = message.status === 'Canceled';
  const text = canceled ? (error.message ?? 'Canceled') : [error.code && `Error ${error.code}`, error.message].filter(Boolean).join(': ');
  return (
    <Text size="xs" c={canceled ? 'dimmed' : 'red.8'} lineClamp={2} maw={260} title={error.meaning ?? text}>
      {text}
    </Text>
  );
}

/** On a phone: one card per message (status, who, when, template, a short error), the whole card opening it. */
function MessageCards({ messages, onOpen, label, showRecipient }: { messages: MessageDto[]; onOpen: (message: MessageDto) => void; label: string; showRecipient: boolean }) {
  return (
    <Stack component="ul" aria-label={label} gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
      {messages.map((message) => (
        <Paper component="li" key={message.id} withBorder radius="md" data-testid="message-row">
          <UnstyledButton onClick={() => onOpen(message)} w="100%" p="sm">
            <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
              <Stack gap={2} miw={0}>
                <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
                  {showRecipient ? recipientName(message) : message.templateName}
                </Text>
                <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                  <time dateTime={message.createdAt}>{formatDateTime(message.createdAt)}</time>
                  {showRecipient && ` · ${message.templateName}`}
                </Text>
              </Stack>
              <MessageStatusBadge status={message.status} data-testid="message-status" style={{ flexShrink: 0 }} />
            </Group>
            <ErrorCell message={message} />
          </UnstyledButton>
        </Paper>
      ))}
    </Stack>
  );
}

/**
 * Messages, newest first: time, recipient, template, status, source, provider and a short error. The time is a button
 * that opens the message (so does a click anywhere on the row). On a phone-sized screen, cards instead of a table.
 */
export function MessagesTable({
  messages,
  onOpen,
  label,
  showRecipient = true,
}: {
  messages: MessageDto[];
  onOpen: (message: MessageDto) => void;
  /** The table's accessible name. */
  label: string;
  showRecipient?: boolean;
}) {
  // Mantine's xs breakpoint (36em, 576 px): below it a seven-column table only scrolls sideways.
  const phone = useMediaQuery('(max-width: 36em)');
  if (phone) return <MessageCards messages={messages} onOpen={onOpen} label={label} showRecipient={showRecipient} />;
  return (
    <Table.ScrollContainer minWidth={showRecipient ? 1100 : 920}>
      <Table verticalSpacing="xs" horizontalSpacing="sm" highlightOnHover aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={170}>Time</Table.Th>
            {showRecipient && <Table.Th>Recipient</Table.Th>}
            <Table.Th>Template</Table.Th>
            <Table.Th w={130}>Status</Table.Th>
            <Table.Th>Source</Table.Th>
            <Table.Th w={90}>Provider</Table.Th>
            <Table.Th w={110}>Cost</Table.Th>
            <Table.Th>Error</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {messages.map((message) => {
            const time = formatDateTime(message.createdAt);
            return (
              <Table.Tr
                key={message.id}
                data-testid="message-row"
                aria-label={`Message to ${recipientName(message)}`}
                onClick={() => onOpen(message)}
                style={{ cursor: 'pointer' }}
              >
                <Table.Td>
                  <UnstyledButton
                    onClick={(e) => {
                      e.stopPropagation();
                      onOpen(message);
                    }}
                    aria-label={`Details of the message to ${recipientName(message)}, ${time}`}
                    fz="sm"
                    style={{ whiteSpace: 'nowrap', textDecoration: 'underline dotted' }}
                  >
                    {time}
                  </UnstyledButton>
                </Table.Td>
                {showRecipient && (
                  <Table.Td>
                    <RecipientCell message={message} />
                  </Table.Td>
                )}
                <Table.Td>
                  <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {message.templateName}
                  </Text>
                  {message.language && (
                    <Text size="xs" c="dimmed">
                      {message.language}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <MessageStatusBadge status={message.status} />
                </Table.Td>
                <Table.Td>
                  <MessageSource message={message} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{providerLabel(message.providerType)}</Text>
                </Table.Td>
                <Table.Td>
                  <MessageCost message={message} />
                </Table.Td>
                <Table.Td>
                  <ErrorCell message={message} />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
