import type { ComponentType, ReactNode } from 'react';
import { Badge, type BadgeVariant } from '@mantine/core';

/** A state in words with an icon beside it ("Paid", "Revoked", "On"): never told by its color alone. */
export function StateBadge({
  color,
  icon: Icon,
  variant = 'light',
  children,
}: {
  color: string;
  icon: ComponentType<{ size?: number }>;
  variant?: BadgeVariant;
  children: ReactNode;
}) {
  return (
    <Badge color={color} variant={variant} leftSection={<Icon size={12} />}>
      {children}
    </Badge>
  );
}
