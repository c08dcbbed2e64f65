import { Badge, type BadgeProps } from '@mantine/core';
import type { Icon } from '@tabler/icons-react';

/** A status as a badge: its name in words (never the colour alone), a colour and an icon. */
export function StatusBadge({
  label,
  color,
  icon: StatusIcon,
  ...props
}: { label: string; color: string; icon: Icon } & Omit<BadgeProps, 'children' | 'color'>) {
  return (
    <Badge
      color={color}
      variant="light"
      leftSection={<StatusIcon size={12} stroke={2} aria-hidden />}
      style={{ flexShrink: 0, overflow: 'visible' }}
      {...props}
    >
      {label}
    </Badge>
  );
}
