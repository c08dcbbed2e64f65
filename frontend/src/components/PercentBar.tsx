import { Group, Progress, Text } from '@mantine/core';

/** A progress bar named for screen readers, with the percent written beside it. */
export function PercentBar({ percent, label, size = 'md', active }: { percent: number; label: string; size?: string; active: boolean }) {
  return (
    <Group gap="xs" wrap="nowrap">
      <Progress value={percent} aria-label={label} size={size} striped={active} animated={active} style={{ flex: 1 }} miw={80} />
      <Text size="sm" fw={500} w="3.5em" ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
        {percent}%
      </Text>
    </Group>
  );
}
