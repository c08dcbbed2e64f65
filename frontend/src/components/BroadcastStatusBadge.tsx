import type { BadgeProps } from '@mantine/core';
import { IconBan, IconCircleCheck, IconClock, IconHourglass, IconSend, IconX, type Icon } from '@tabler/icons-react';
import type { BroadcastStatus } from '../api/client';
import { StatusBadge } from '../layout/StatusBadge';

const STATUS_LOOK: Record<BroadcastStatus, { color: string; icon: Icon }> = {
  Preparing: { color: 'gray', icon: IconHourglass },
  Scheduled: { color: 'violet', icon: IconClock },
  Sending: { color: 'blue', icon: IconSend },
  Completed: { color: 'green', icon: IconCircleCheck },
  Canceled: { color: 'gray', icon: IconBan },
  Failed: { color: 'red', icon: IconX },
};

/** A broadcast's status: its name (never the colour alone), a colour and an icon. */
export function BroadcastStatusBadge({ status, ...props }: { status: BroadcastStatus | undefined } & Omit<BadgeProps, 'children'>) {
  const value = status ?? 'Preparing';
  const { color, icon } = STATUS_LOOK[value] ?? STATUS_LOOK.Preparing;
  return <StatusBadge label={value} color={color} icon={icon} {...props} />;
}
