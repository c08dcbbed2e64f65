import { useMemo, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { Button, Container, EmptyState, Group, Select, Stack, Text } from '@mantine/core';
import { IconChevronLeft, IconChevronRight, IconDownload, IconHistory, IconRefresh, IconUsers } from '@tabler/icons-react';
import type { MessageDto } from '../../api/client';
import { ListContent } from '../../layout/ListContent';
import { PageHeader } from '../../layout/PageHeader';
import { countText, exportUrl, hasFilters, linkedMessageId, PAGE_SIZES, parsePaging, parseSentLogFilters, withCursor, withDays, withFilter, withoutLinkedMessage, withoutFilters, withPageSize } from './sentLog';
import { SentLogFilterBar, type FilterChange } from './SentLogFilterBar';
import { MessageDetailDrawer } from '../../components/messages/MessageDetailDrawer';
import { MessagesTable } from '../../components/messages/MessagesTable';
import { hasInFlight, toMessageQuery } from '../../lib/messages';
import { useMessageCount, useMessageDetail, useMessages } from '../../lib/queries/messages';

export const EMPTY_LOG_TEXT = 'No messages sent yet';
export const NO_MATCH_TEXT = 'No message matches these filters';

/** What a page entry of the history remembers: the cursors of the pages before it, so "Previous" can go back. */
interface PagingState {
  previous: (string | null)[];
}

function previousCursors(state: unknown): (string | null)[] {
  const previous = (state as Partial<PagingState> | null)?.previous;
  return Array.isArray(previous) ? previous.filter((c): c is string | null => c === null || typeof c === 'string') : [];
}

/**
 * The Sent Log: every message, newest first, filtered and paged through the address (shareable; Back works), a page
 * at a time by cursor. A row opens the message's details (so does a link with ?message=id); Export CSV downloads what the
 * filters select.
 */
export function SentLogPage() {
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const filters = useMemo(() => parseSentLogFilters(params), [params]);
  const query = useMemo(() => toMessageQuery(filters), [filters]);
  const { cursor, limit } = parsePaging(params);
  const previous = previousCursors(location.state);
  const messages = useMessages(query, cursor, limit);
  const count = useMessageCount(query);
  const [opened, setOpened] = useState<MessageDto | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  // A link to one message (?message=41, e.g. from an automation's event) opens it once it has loaded.
  const linkedId = linkedMessageId(params);
  const linked = useMessageDetail(opened ? null : linkedId);
  const shown = opened ?? (linkedId !== null ? (linked.data?.message ?? null) : null);
  const closeMessage = () => {
    setOpened(null);
    if (linkedId !== null) setParams((current) => withoutLinkedMessage(current), { replace: true });
  };

  const items = messages.data?.items ?? [];
  const nextCursor = messages.data?.nextCursor ?? null;
  const filtered = hasFilters(filters);

  const changeFilter: FilterChange = (key, value) => setParams((current) => withFilter(current, key, value));
  const changeDays = (from: string | null, to: string | null) => setParams((current) => withDays(current, from, to));
  const clearFilters = () => setParams((current) => withoutFilters(current));
  const goNext = () => {
    if (nextCursor) setParams(withCursor(params, nextCursor), { state: { previous: [...previous, cursor] } satisfies PagingState });
  };
  const goPrevious = () =>
    setParams(withCursor(params, previous.at(-1) ?? null), { state: { previous: previous.slice(0, -1) } satisfies PagingState });
  const refresh = async () => {
    setRefreshing(true);
    try {
      await messages.refetch();
    } finally {
      setRefreshing(false);
    }
  };

  return (
    <Container size="xl" px={0}>
      <PageHeader
        title="Sent Log"
        description="Every WhatsApp message sent, newest first, with its delivery status. Open a message to see its text, parameters and status history."
        actions={
          <Group gap="sm">
            <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={() => void refresh()} loading={refreshing}>
              Refresh
            </Button>
            <Button component="a" href={exportUrl(query)} download variant="default" leftSection={<IconDownload size={16} />}>
              Export CSV
            </Button>
            {filtered && (
              <Button component={Link} to={`/whatsapp/log/customers?${withCursor(withoutLinkedMessage(params), null)}`} variant="default" leftSection={<IconUsers size={16} />}>
                Customers affected
              </Button>
            )}
          </Group>
        }
      />

      <Stack gap="md">
        <SentLogFilterBar filters={filters} onChange={changeFilter} onDaysChange={changeDays} onClear={clearFilters} />

        <ListContent
          query={messages}
          what="Sent Log"
          count={items.length}
          filtered={filtered}
          noMatch={{ title: NO_MATCH_TEXT, description: 'Try other filters or a wider date range.', onClear: clearFilters }}
          empty={
            <EmptyState
              variant="light"
              icon={<IconHistory />}
              title={EMPTY_LOG_TEXT}
              description="Messages sent from Templates, Compose, broadcasts and automations appear here with their status."
            />
          }
        >
          <MessagesTable messages={items} onOpen={setOpened} label="Sent messages" />
        </ListContent>

        <Group justify="space-between" wrap="wrap" gap="sm">
          <Group gap="xs">
            <Select
              label="Rows per page"
              data={PAGE_SIZES.map(String)}
              value={String(limit)}
              onChange={(value) => value && setParams(withPageSize(params, Number(value)))}
              allowDeselect={false}
              w={130}
              size="xs"
            />
            {count.data && (
              <Text size="sm" mt="lg" aria-live="polite" data-testid="message-count">
                {countText(count.data)}
              </Text>
            )}
            {hasInFlight(items) && (
              <Text size="xs" c="dimmed" mt="lg" role="status">
                Updating every few seconds while messages are on their way.
              </Text>
            )}
          </Group>
          <Group gap="xs" component="nav" aria-label="Pages">
            <Button variant="default" size="sm" leftSection={<IconChevronLeft size={16} />} onClick={goPrevious} disabled={cursor === null}>
              Previous
            </Button>
            <Button variant="default" size="sm" rightSection={<IconChevronRight size={16} />} onClick={goNext} disabled={!nextCursor || messages.isPlaceholderData}>
              Next
            </Button>
          </Group>
        </Group>
      </Stack>

      <MessageDetailDrawer message={shown} onClose={closeMessage} />
    </Container>
  );
}
