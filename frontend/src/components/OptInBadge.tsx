import { Badge } from '@mantine/core';
import { IconCircleCheck, IconCircleMinus } from '@tabler/icons-react';

/** Whether a customer (or a consent record) is opted in to WhatsApp: said in words, with a colour and an icon. */
export function OptInBadge({ optedIn, children }: { optedIn: boolean | undefined; children?: string }) {
  return (
    <Badge
      color={optedIn ? 'green' : 'gray'}
      variant="light"
      leftSection={optedIn ? <IconCircleCheck size={12} aria-hidden /> : <IconCircleMinus size={12} aria-hidden />}
      style={{ flexShrink: 0, overflow: 'visible' }}
    >
      {children ?? (optedIn ? 'Opted in' : 'Not opted in')}
    </Badge>
  );
}
