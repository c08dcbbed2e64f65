import { useState } from 'react';
import { Button, Group, Menu, Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { IconMessageBolt } from '@tabler/icons-react';
import type { CannedReplyDto } from '../../api/client';
import { toApiError } from '../../lib/api';
import { DeleteButton } from '../../lib/DeleteButton';
import { QueryContent } from '../../layout/ListContent';
import { useCannedReplies, useDeleteCannedReply, useSaveCannedReply } from './workflowQueries';

/** The composer's "Canned reply" menu: choosing one puts its text in the reply box, to send as it is or edit first. */
export function CannedReplyMenu({ onPick }: { onPick: (text: string) => void }) {
  const replies = useCannedReplies();
  const [managing, setManaging] = useState(false);
  return (
    <>
      <Menu position="top-start" withinPortal>
        <Menu.Target>
          <Button variant="default" leftSection={<IconMessageBolt size={16} />}>
            Canned reply
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {(replies.data ?? []).map((r) => (
            <Menu.Item key={r.id} onClick={() => onPick(r.text!)}>
              {r.title}
            </Menu.Item>
          ))}
          {replies.data?.length === 0 && <Menu.Label>No canned replies yet</Menu.Label>}
          <Menu.Divider />
          <Menu.Item onClick={() => setManaging(true)}>Manage canned replies…</Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={managing} onClose={() => setManaging(false)} title="Canned replies" size="lg">
        <CannedRepliesManager />
      </Modal>
    </>
  );
}

/** Add, change and delete the saved replies. */
export function CannedRepliesManager() {
  const replies = useCannedReplies();
  const [editing, setEditing] = useState<CannedReplyDto | null>(null);
  return (
    <Stack>
      <QueryContent query={replies} items={replies.data} what="canned replies" empty="No canned replies yet: add the answers you give most.">
        {(items) => (
          <Stack gap="xs" role="list" aria-label="Canned replies">
            {items.map((r) => (
              <CannedReplyRow key={r.id} reply={r} onEdit={() => setEditing(r)} />
            ))}
          </Stack>
        )}
      </QueryContent>
      <CannedReplyForm key={editing?.id ?? 'new'} reply={editing} onDone={() => setEditing(null)} />
    </Stack>
  );
}

function CannedReplyRow({ reply, onEdit }: { reply: CannedReplyDto; onEdit: () => void }) {
  const remove = useDeleteCannedReply();
  return (
    <Group role="listitem" justify="space-between" wrap="nowrap" align="flex-start">
      <Stack gap={0} style={{ minWidth: 0 }}>
        <Text fw={600}>{reply.title}</Text>
        <Text size="sm" c="dimmed" lineClamp={2}>
          {reply.text}
        </Text>
      </Stack>
      <Group gap={4} wrap="nowrap">
        <Button size="xs" variant="subtle" onClick={onEdit} aria-label={`Edit ${reply.title}`}>
          Edit
        </Button>
        <DeleteButton label={`Delete ${reply.title}`} blockedReason={null} onDelete={() => remove.mutate(reply.id!)} />
      </Group>
    </Group>
  );
}

function CannedReplyForm({ reply, onDone }: { reply: CannedReplyDto | null; onDone: () => void }) {
  const [title, setTitle] = useState(reply?.title ?? '');
  const [text, setText] = useState(reply?.text ?? '');
  const save = useSaveCannedReply();
  const problem = save.error ? toApiError(save.error) : null;
  const submit = () =>
    save.mutate(
      { id: reply?.id, title: title.trim(), text: text.trim() },
      {
        onSuccess: () => {
          setTitle('');
          setText('');
          onDone();
        },
      },
    );
  return (
    <Stack gap="xs">
      <TextInput label={reply ? 'Title' : 'New canned reply'} placeholder="Title" maxLength={100} value={title} onChange={(e) => setTitle(e.currentTarget.value)}
        error={problem?.fieldErrors.title?.[0]} />
      <Textarea aria-label="Canned reply text" placeholder="The reply" rows={3} maxLength={4096} value={text} onChange={(e) => setText(e.currentTarget.value)}
        error={problem?.fieldErrors.text?.[0] ?? (problem && !problem.fieldErrors.title ? problem.message : undefined)} />
      <Group justify="flex-end">
        {reply && (
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
        )}
        <Button onClick={submit} loading={save.isPending} disabled={title.trim() === '' || text.trim() === ''}>
          {reply ? 'Save' : 'Add'}
        </Button>
      </Group>
    </Stack>
  );
}
