import { Button, Tooltip } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';

/**
 * A row's Delete button. While deleting is not allowed, a tooltip says why: the button is aria-disabled rather than
 * disabled, so it stays focusable and the explanation reachable by keyboard.
 */
export function DeleteButton({ label, blockedReason, onDelete }: { label: string; blockedReason: string | null; onDelete: () => void }) {
  const blocked = blockedReason !== null;
  return (
    <Tooltip label={blockedReason} disabled={!blocked} withArrow multiline maw={240}>
      <Button
        size="xs"
        variant="subtle"
        color="red"
        leftSection={<IconTrash size={14} />}
        data-disabled={blocked || undefined}
        aria-disabled={blocked || undefined}
        onClick={(e) => (blocked ? e.preventDefault() : onDelete())}
        aria-label={label}
      >
        Delete
      </Button>
    </Tooltip>
  );
}
