import { useState, type ReactNode } from 'react';
import { Button, Group, SegmentedControl, Stack, Textarea } from '@mantine/core';
import { IconNote } from '@tabler/icons-react';
import { toApiError } from '../../lib/api';
import { useAddNote } from './workflowQueries';

/** Below the thread: the reply composer, or an internal note (for staff only, never sent). */
export function ComposerArea({ conversationId, composer }: { conversationId: number; composer: ReactNode }) {
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  return (
    <Stack gap="xs">
      <SegmentedControl
        size="xs"
        w="fit-content"
        aria-label="Write"
        value={mode}
        onChange={(v) => setMode(v as 'reply' | 'note')}
        data={[
          { value: 'reply', label: 'Reply' },
          { value: 'note', label: 'Internal note' },
        ]}
      />
      {mode === 'reply' ? composer : <NoteComposer conversationId={conversationId} />}
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
