import { Link } from 'react-router';
import { Anchor, Group, List, Text, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconInfoCircle } from '@tabler/icons-react';
import type { AttentionItem } from './attention';
import { OverviewSection } from './OverviewSection';

const TONES = {
  alert: { color: 'red', icon: IconAlertTriangle },
  warn: { color: 'orange', icon: IconAlertTriangle },
  info: { color: 'blue', icon: IconInfoCircle },
} as const;

/** The Overview's first block: what someone should look at today, each with where to look. */
export function NeedsAttention({ items }: { items: AttentionItem[] }) {
  return (
    <OverviewSection title="Needs attention">
      {items.length === 0 ? (
        <Group gap="xs">
          <ThemeIcon color="whatsapp" variant="light" size="sm" radius="xl">
            <IconCircleCheck size={14} />
          </ThemeIcon>
          <Text size="sm">Nothing needs attention.</Text>
        </Group>
      ) : (
        <List spacing="xs" size="sm" center aria-label="Needs attention">
          {items.map((item) => {
            const { color, icon: Icon } = TONES[item.tone];
            return (
              <List.Item
                key={item.key}
                data-testid={`attention-${item.key}`}
                icon={
                  <ThemeIcon color={color} variant="light" size="sm" radius="xl">
                    <Icon size={14} />
                  </ThemeIcon>
                }
              >
                {item.text}
                {item.link && (
                  <>
                    {' '}
                    <Anchor component={Link} to={item.link.to} size="sm">
                      {item.link.label}
                    </Anchor>
                  </>
                )}
              </List.Item>
            );
          })}
        </List>
      )}
    </OverviewSection>
  );
}
