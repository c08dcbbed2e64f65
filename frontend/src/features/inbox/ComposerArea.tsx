import { useState, type ReactNode } from 'react';
import type { UseMutationResult } from '@tanstack/react-query';
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
  return (
    <TextComposer
      label="Note"
      placeholder="A note for the team: the customer never sees it"
      maxLength={4000}
      icon={<IconNote size={16} />}
      actionLabel="Add note"
      color="yellow"
      mutation={useAddNote(conversationId)}
    />
  );
}

/** Demo only: write as the customer; the fake provider delivers it to the app like a real WhatsApp message. */
function CustomerSide({ conversationId }: { conversationId: number }) {
  return (
    <TextComposer
      label="The customer's message"
      placeholder="What the customer writes on WhatsApp"
      maxLength={4096}
      icon={<IconUser size={16} />}
      actionLabel="Send as the customer"
      variant="light"
      mutation={useReplyAsCustomer(conversationId)}
    />
  );
}

/** A text box and its button, which runs the mutation with the trimmed text and empties the box once it succeeded. */
function TextComposer({
  label,
  placeholder,
  maxLength,
  icon,
  actionLabel,
  color,
  variant,
  mutation,
}: {
  label: string;
  placeholder: string;
  maxLength: number;
  icon: ReactNode;
  actionLabel: string;
  color?: string;
  variant?: string;
  mutation: UseMutationResult<unknown, unknown, string>;
}) {
  const [text, setText] = useState('');
  return (
    <Stack gap="xs">
      <Textarea
        aria-label={label}
        placeholder={placeholder}
        rows={3}
        maxLength={maxLength}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        error={mutation.error ? toApiError(mutation.error).message : undefined}
      />
      <Group justify="flex-end">
        <Button
          color={color}
          variant={variant}
          leftSection={icon}
          loading={mutation.isPending}
          disabled={text.trim() === ''}
          onClick={() => mutation.mutate(text.trim(), { onSuccess: () => setText('') })}
        >
          {actionLabel}
        </Button>
      </Group>
    </Stack>
  );
}
