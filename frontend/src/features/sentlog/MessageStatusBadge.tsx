import { Badge, type BadgeProps } from '@mantine/core';
import {
  IconAlertTriangle,
  IconBan,
  IconCheck,
  IconChecks,
  IconClock,
  IconEye,
  IconSend,
  IconX,
  type Icon,
} from '@tabler/icons-react';
import type { MessageStatus } from '../../api/client';
import { messageStatusColor } from '../templates/templatePayload';

const STATUS_ICONS: Record<MessageStatus, Icon> = {
  Queued: IconClock,
  Accepted: IconSend,
  Sent: IconCheck,
  Delivered: IconChecks,
  Read: IconEye,
  Failed: IconX,
  Undelivered: IconAlertTriangle,
  Canceled: IconBan,
};

/** A message's status: its name (never the colour alone), a colour and an icon. */
export function MessageStatusBadge({ status, ...props }: { status: MessageStatus | undefined } & Omit<BadgeProps, 'children'>) {
  const value = status ?? 'Queued';
  const StatusIcon = STATUS_ICONS[value] ?? IconClock;
  return (
    <Badge
      color={messageStatusColor(value)}
      variant="light"
      leftSection={<StatusIcon size={12} stroke={2} aria-hidden />}
      style={{ flexShrink: 0, overflow: 'visible' }}
      {...props}
    >
      {value}
    </Badge>
  );
}
