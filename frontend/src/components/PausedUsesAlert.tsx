import { Alert, Anchor, List, Text } from '@mantine/core';
import { IconPlayerPause } from '@tabler/icons-react';
import { Link } from 'react-router';
import { usePausedTemplateUses } from '../lib/queries/templates';

/**
 * What is paused because its template can no longer be used as it was (Meta paused, disabled or rejected it, or moved
 * it from UTILITY to MARKETING): each with why, and a link to it. Nothing when nothing is paused. `kind` narrows the
 * list to automations or broadcasts.
 */
export function PausedUsesAlert({ kind }: { kind?: 'automation' | 'broadcast' }) {
  const paused = usePausedTemplateUses();
  const items = (paused.data ?? []).filter((p) => !kind || p.kind === kind);
  if (items.length === 0) return null;
  const n = items.length;
  return (
    <Alert color="orange" icon={<IconPlayerPause />} title={`${n} ${kind ?? 'automation or broadcast'}${n === 1 ? ' is' : 's are'} paused by a template change`} role="status">
      <List size="sm" spacing={4}>
        {items.map((p) => (
          <List.Item key={`${p.kind}-${p.link}-${p.name}`}>
            <Anchor component={Link} to={p.link ?? '#'} fw={600}>
              {p.name}
            </Anchor>
            <Text span size="sm">
              {' '}
              — {p.reason}
            </Text>
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
