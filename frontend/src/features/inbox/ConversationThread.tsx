import { useEffect, useRef, useState } from 'react';
import { Alert, Badge, Button, Group, Paper, ScrollArea, Stack, Text, Textarea } from '@mantine/core';
import { IconClock, IconSend } from '@tabler/icons-react';
import { AttachButton, MessageExtras } from './MessageMedia';
import type { ConversationDto, ConversationStatus, TimelineItem } from '../../api/client';
import { toApiError } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { QueryContent } from '../../layout/ListContent';
import { MessageStatusBadge } from '../../components/messages/MessageStatusBadge';
import { MessageErrorAlert } from '../../components/messages/MessageErrorAlert';
import { useConversation, useReply, useSetStatus, useTimeline } from './inboxQueries';
import { whyNoFreeText, windowCountdown } from './serviceWindow';
import { TemplateReply } from './TemplateReply';
import { ThreadActions } from './ThreadActions';
import { ComposerArea } from './ComposerArea';
import { CannedReplyMenu } from './CannedReplies';

/** One conversation: its timeline (oldest at the top) and the reply box. */
export function ConversationThread({ id }: { id: number }) {
  const conversation = useConversation(id);
  const timeline = useTimeline(id);
  const c = conversation.data;
  const items = timeline.data ? [...(timeline.data.items ?? [])].reverse() : undefined;
  // The newest entry is at the bottom: keep it in view when one arrives (live) or the thread opens.
  const viewport = useRef<HTMLDivElement>(null);
  const newest = items?.[items.length - 1];
  const newestKey = newest ? `${newest.direction}-${newest.inbound?.id ?? newest.outbound?.id ?? newest.note?.id}` : null;
  useEffect(() => {
    if (viewport.current) viewport.current.scrollTop = viewport.current.scrollHeight;
  }, [newestKey]);

  return (
    <Paper withBorder p="md">
      <Stack gap="md">
        {c && <ThreadHeader conversation={c} />}
        <QueryContent query={timeline} items={items} what="messages" empty={<Text c="dimmed">No messages yet.</Text>}>
          {(loaded) => (
            <ScrollArea.Autosize mah="55vh" viewportRef={viewport}>
              <Stack gap="xs" aria-label="Messages">
                {loaded.map((item) => (
                  <Bubble key={`${item.direction}-${item.inbound?.id ?? item.outbound?.id ?? item.note?.id}`} item={item} />
                ))}
              </Stack>
            </ScrollArea.Autosize>
          )}
        </QueryContent>
        {c && <ComposerArea conversationId={c.id!} composer={<Composer conversation={c} />} />}
      </Stack>
    </Paper>
  );
}

const STATUS_ACTIONS: Record<ConversationStatus, { label: string; next: ConversationStatus }> = {
  Open: { label: 'Resolve', next: 'Resolved' },
  Pending: { label: 'Resolve', next: 'Resolved' },
  Resolved: { label: 'Reopen', next: 'Open' },
};

function ThreadHeader({ conversation: c }: { conversation: ConversationDto }) {
  const setStatus = useSetStatus(c.id!);
  const action = STATUS_ACTIONS[c.status ?? 'Open'];
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Stack gap={0}>
          <Text fw={700}>{c.name}</Text>
          <Text size="sm" c="dimmed">
            {c.phone}
            {c.customerId == null && ' · unknown contact'}
            {c.assigneeName && ` · assigned to ${c.assigneeName}`}
          </Text>
        </Stack>
        <Group gap="xs">
          <Badge variant="light">{c.status}</Badge>
          <Button size="xs" variant="default" loading={setStatus.isPending} onClick={() => setStatus.mutate(action.next)}>
            {action.label}
          </Button>
        </Group>
      </Group>
      <ThreadActions conversation={c} />
    </Stack>
  );
}

function Bubble({ item }: { item: TimelineItem }) {
  if (item.direction === 'Note') return <NoteBubble item={item} />;
  const inbound = item.direction === 'Inbound';
  const kind = item.inbound?.kind;
  return (
    <Group justify={inbound ? 'flex-start' : 'flex-end'}>
      <Paper
        p="xs"
        radius="md"
        maw="80%"
        bg={inbound ? 'var(--mantine-color-default-hover)' : 'var(--mantine-color-green-light)'}
        aria-label={inbound ? 'From the customer' : 'From us'}
      >
        {kind && kind !== 'Text' && (
          <Badge size="xs" variant="outline" mb={4}>
            {kind}
          </Badge>
        )}
        <MessageExtras item={item} />
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {item.text}
        </Text>
        <Group gap={6} justify="flex-end" mt={2}>
          <Text size="xs" c="dimmed">
            {formatDateTime(item.at)}
          </Text>
          {item.outbound && <MessageStatusBadge status={item.outbound.status} size="xs" />}
        </Group>
        {item.outbound?.error && <MessageErrorAlert status={item.outbound.status!} error={item.outbound.error} />}
      </Paper>
    </Group>
  );
}

function Composer({ conversation: c }: { conversation: ConversationDto }) {
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const reply = useReply(c.id!);
  const blocked = whyNoFreeText(c);
  const countdown = windowCountdown(c.windowClosesAt);

  if (blocked) {
    return (
      <Stack gap="xs">
        <Alert color="yellow" icon={<IconClock size={18} />} title="Free text is not possible now">
          {blocked}
        </Alert>
        <TemplateReply phone={c.phone!} />
      </Stack>
    );
  }
  const send = () =>
    reply.mutate(
      { text: text.trim(), file },
      {
        onSuccess: () => {
          setText('');
          setFile(null);
        },
      },
    );
  return (
    <Stack gap="xs">
      <Text size="xs" c="dimmed">
        <IconClock size={12} /> Service window open: {countdown}
      </Text>
      <Textarea
        aria-label="Reply"
        placeholder="Write a reply"
        rows={3}
        maxLength={4096}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        error={reply.error ? toApiError(reply.error).message : undefined}
      />
      <Group justify="space-between">
        <CannedReplyMenu onPick={setText} />
        <Group gap="xs">
          <AttachButton file={file} onChange={setFile} />
          <Button leftSection={<IconSend size={16} />} onClick={send} loading={reply.isPending} disabled={text.trim() === '' && !file}>
            Send
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}

/** Staff's internal note: centred and yellow, so nobody takes it for something the customer read. */
function NoteBubble({ item }: { item: TimelineItem }) {
  return (
    <Paper p="xs" radius="md" mx="auto" maw="80%" bg="var(--mantine-color-yellow-light)" aria-label="Internal note">
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
        {item.text}
      </Text>
      <Text size="xs" c="dimmed" ta="right" mt={2}>
        Note{item.note?.authorName ? ` by ${item.note.authorName}` : ''} · {formatDateTime(item.at)}
      </Text>
    </Paper>
  );
}
