import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Code, Group, Loader, Stack, Text } from '@mantine/core';
import type { MessageDto, MessageStatusEventDto } from '../../api/client';
import { messagesClient } from '../../lib/api';
import { MessageErrorAlert } from './MessageErrorAlert';
import { MessageStatusBadge } from './MessageStatusBadge';
import { messageKey } from '../../lib/queries/messages';
import { isFinalMessageStatus } from '../../lib/messages';

/** How long a result keeps asking for newer statuses (the provider's callbacks usually arrive within seconds). */
const FOLLOW_FOR_MS = 2 * 60_000;
const POLL_EVERY_MS = 1500;

function time(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

function History({ events }: { events: MessageStatusEventDto[] }) {
  if (events.length === 0) return null;
  return (
    <Group gap={6} wrap="wrap" aria-label="Status history">
      {events.map((e, i) => (
        <Text key={`${e.status}-${i}`} size="xs" c="dimmed">
          {i > 0 && '→ '}
          <Text span inherit c="var(--mantine-color-text)" fw={500}>
            {e.status}
          </Text>{' '}
          {time(e.at)}
        </Text>
      ))}
    </Group>
  );
}

/**
 * A message that was just sent: its status, following the provider's status callbacks until it is final
 * (or for two minutes), and when it failed, the provider's error and what it means.
 */
export function MessageOutcome({ message }: { message: MessageDto }) {
  const [givenUp, setGivenUp] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setGivenUp(true), FOLLOW_FOR_MS);
    return () => clearTimeout(timer);
  }, []);
  const id = message.id;
  const detail = useQuery({
    queryKey: messageKey(id ?? 0),
    queryFn: ({ signal }) => messagesClient.getMessage(id!, signal),
    enabled: typeof id === 'number',
    refetchInterval: (query) => {
      const status = query.state.data?.message?.status ?? message.status;
      return isFinalMessageStatus(status) || givenUp ? false : POLL_EVERY_MS;
    },
  });

  const current = detail.data?.message ?? message;
  const status = current.status ?? 'Queued';
  const error = current.error;
  const following = !isFinalMessageStatus(status) && !givenUp;

  return (
    <Stack gap="xs">
      <Group gap="xs" wrap="nowrap">
        <Text size="sm" fw={500}>
          Status
        </Text>
        <div role="status" aria-live="polite">
          <MessageStatusBadge status={status} size="lg" data-testid="message-status" />
        </div>
        {following && <Loader size="xs" type="dots" role="status" aria-label="Waiting for status updates" />}
      </Group>
      <Text size="sm" c="dimmed">
        To <Text span inherit c="var(--mantine-color-text)">{current.to}</Text>
        {current.providerMessageId && (
          <>
            {' · '}provider id <Code fz="xs">{current.providerMessageId}</Code>
          </>
        )}
      </Text>
      <History events={detail.data?.history ?? []} />
      {error && <MessageErrorAlert status={status} error={error} />}
    </Stack>
  );
}
