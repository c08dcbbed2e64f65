import { useState, type ReactNode } from 'react';
import { Button, Group, SegmentedControl, Stack, Textarea } from '@mantine/core';
import { IconNote, IconUser } from '@tabler/icons-react';
import { toApiError } from '../../lib/api';
import { useAddNote, useDemoInfo, useReplyAsCustomer } from './workflowQueries';

type Mode = 'reply' | 'note' | 'customer';

/** Below the thread: the reply composer, an internal note (for staff only, never sent), or in the demo the customer's side. */
export function ComposerArea({ conversationId, composer }: { conversationId: number; composer: ReactNode }) {
  const [mode, setMode] = useState<Mode>('reply');
  const demo = useDemoInfo().data?.enabled === true;
  return (
    <Stack gap="xs">
      <SegmentedControl
        size="xs"
        w="fit-content"
        aria-label="Write"
        value={mode}
        onChange={(v) => setMode(v as Mode)}
        data={[
          { value: 'reply', label: 'Reply' },
          { value: 'note', label: 'Internal note' },
          ...(demo ? [{ value: 'customer', label: 'Reply as the customer' }] : []),
        ]}
      />
      {mode === 'reply' && composer}
      {mode === 'note' && <NoteComposer conversationId={conversationId} />}
      {mode === 'customer' && <CustomerSide conversationId={conversationId} />}
    </Stack>
  );
}

function NoteComposer({ conversationId }: { conversationId: number }) {
  const [text, setText] = useState('');
  const add = useAddNote(conversationId);
  return (
    <Stack gap="xs">
      <Textarea
        aria-label="Note"
        placeholder="A note for the team: the customer never sees it"
        rows={3}
        maxLength={4000}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        error={add.error ? toApiError(add.error).message : undefined}
      />
      <Group justify="flex-end">
        <Button
          color="yellow"
          leftSection={<IconNote size={16} />}
          loading={add.isPending}
          disabled={text.trim() === ''}
          onClick={() => add.mutate(text.trim(), { onSuccess: () => setText('') })}
        >
          Add note
        </Button>
      </Group>
    </Stack>
  );
}

/** Demo only: write as the customer; the fake provider delivers it to the app like a real WhatsApp message. */
function CustomerSide({ conversationId }: { conversationId: number }) {
  const [text, setText] = useState('');
  const send = useReplyAsCustomer(conversationId);
  return (
    <Stack gap="xs">
      <Textarea
        aria-label="The customer's message"
        placeholder="What the customer writes on WhatsApp"
        rows={2}
        maxLength={4096}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        error={send.error ? toApiError(send.error).message : undefined}
      />
      <Group justify="flex-end">
        <Button
          variant="light"
          leftSection={<IconUser size={16} />}
          loading={send.isPending}
          disabled={text.trim() === ''}
          onClick={() => send.mutate(text.trim(), { onSuccess: () => setText('') })}
        >
          Send as the customer
        </Button>
      </Group>
    </Stack>
  );
}
