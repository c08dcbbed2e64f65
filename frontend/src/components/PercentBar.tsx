import { Group, Progress, Text } from '@mantine/core';

/** A progress bar named for screen readers, with the percent written beside it; `color` greys out a stopped one. */
export function PercentBar({
  percent,
  label,
  size = 'md',
  active,
  color,
}: {
  percent: number;
  label: string;
  size?: string;
  active: boolean;
  color?: string;
}) {
  return (
    <Group gap="xs" wrap="nowrap">
      <Progress value={percent} color={color} aria-label={label} size={size} striped={active} animated={active} style={{ flex: 1 }} miw={80} />
      <Text size="sm" fw={500} w="3.5em" ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
        {percent}%
      </Text>
    </Group>
  );
}
