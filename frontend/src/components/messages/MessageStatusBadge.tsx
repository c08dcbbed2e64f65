import type { BadgeProps } from '@mantine/core';
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
import { StatusBadge } from '../../layout/StatusBadge';
import { messageStatusColor } from '../../lib/messages';

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
  return <StatusBadge label={value} color={messageStatusColor(value)} icon={STATUS_ICONS[value] ?? IconClock} {...props} />;
}
