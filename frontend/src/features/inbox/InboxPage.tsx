import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Badge, Grid, Group, Paper, ScrollArea, SegmentedControl, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import type { AssigneeFilter, ConversationDto, ConversationStatus } from '../../api/client';
import { PageHeader } from '../../layout/PageHeader';
import { ListContent } from '../../layout/ListContent';
import { formatAgo } from '../../lib/format';
import { type InboxFilter, useConversations, useMarkRead } from './inboxQueries';
import { ConversationThread } from './ConversationThread';

const VIEWS: { value: string; label: string; filter: Pick<InboxFilter, 'status' | 'assignee'> }[] = [
  { value: 'open', label: 'Open', filter: { status: 'Open' as ConversationStatus, assignee: null } },
  { value: 'mine', label: 'Mine', filter: { status: null, assignee: 'Me' as AssigneeFilter } },
  { value: 'unassigned', label: 'Unassigned', filter: { status: null, assignee: 'None' as AssigneeFilter } },
  { value: 'pending', label: 'Pending', filter: { status: 'Pending' as ConversationStatus, assignee: null } },
  { value: 'resolved', label: 'Resolved', filter: { status: 'Resolved' as ConversationStatus, assignee: null } },
  { value: 'all', label: 'All', filter: { status: null, assignee: null } },
];

/** WhatsApp → Inbox: conversations on the left, the chosen one's thread and reply box on the right (`?c=id`). */
export function InboxPage() {
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState('');
  const view = VIEWS.find((v) => v.value === params.get('view')) ?? VIEWS[VIEWS.length - 1]!;
  const selected = Number(params.get('c')) || null;
  const conversations = useConversations({ q, ...view.filter });
  const items = conversations.data?.items ?? [];
  const markRead = useMarkRead();

  const open = (id: number) => {
    const next = new URLSearchParams(params);
    next.set('c', String(id));
    setParams(next);
  };
  const current = items.find((c) => c.id === selected);
  const unreadOfSelected = current?.unreadCount ?? 0;
  const { mutate: read } = markRead;
  useEffect(() => {
    if (selected !== null && unreadOfSelected > 0) read(selected);
  }, [selected, unreadOfSelected, read]);

  return (
    <>
      <PageHeader title="Inbox" description="Customers' WhatsApp messages. Reply with free text for 24 hours after their last message; after that, with a template." />
      <Grid>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="sm">
            <TextInput
              aria-label="Search conversations"
              placeholder="Name or phone"
              leftSection={<IconSearch size={16} />}
              value={q}
              onChange={(e) => setQ(e.currentTarget.value)}
            />
            <SegmentedControl
              size="xs"
              fullWidth
              data={VIEWS.map(({ value, label }) => ({ value, label }))}
              value={view.value}
              onChange={(value) => {
                const next = new URLSearchParams(params);
                next.set('view', value);
                setParams(next);
              }}
            />
            <ListContent
              query={conversations}
              what="conversations"
              count={items.length}
              filtered={q.trim() !== '' || view.value !== 'all'}
              noMatch={{ title: 'No conversations match', description: 'Try another search or view.', onClear: () => setQ('') }}
              empty={<Text c="dimmed" p="md">No customer has written yet. Their messages appear here.</Text>}
            >
              <ScrollArea.Autosize mah="70vh">
                <Stack gap={0} role="list" aria-label="Conversations">
                  {items.map((c) => (
                    <ConversationRow key={c.id} conversation={c} active={c.id === selected} onOpen={() => open(c.id!)} />
                  ))}
                </Stack>
              </ScrollArea.Autosize>
            </ListContent>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          {selected === null ? (
            <Paper withBorder p="xl">
              <Text c="dimmed">Choose a conversation.</Text>
            </Paper>
          ) : (
            <ConversationThread id={selected} />
          )}
        </Grid.Col>
      </Grid>
    </>
  );
}

function ConversationRow({ conversation: c, active, onOpen }: { conversation: ConversationDto; active: boolean; onOpen: () => void }) {
  return (
    <UnstyledButton
      role="listitem"
      onClick={onOpen}
      aria-current={active ? 'true' : undefined}
      p="sm"
      style={{ borderBottom: '1px solid var(--mantine-color-default-border)', background: active ? 'var(--mantine-color-default-hover)' : undefined }}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text fw={(c.unreadCount ?? 0) > 0 ? 700 : 500} truncate>
          {c.name}
        </Text>
        <Group gap={6} wrap="nowrap">
          {(c.unreadCount ?? 0) > 0 && (
            <Badge size="sm" circle aria-label={`${c.unreadCount} unread`}>
              {c.unreadCount}
            </Badge>
          )}
          <Text size="xs" c="dimmed">
            {formatAgo(c.lastActivityAt)}
          </Text>
        </Group>
      </Group>
      <Text size="sm" c="dimmed" truncate>
        {c.lastPreview}
      </Text>
    </UnstyledButton>
  );
}
