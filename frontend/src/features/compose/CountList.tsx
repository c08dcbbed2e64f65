import { DataList, type DataListProps } from '@mantine/core';
import type { SkippedCounts } from '../../api/client';
import { SKIP_REASONS } from './composePayload';

export interface CountItem {
  /** Names the value for tests: data-testid="count-{key}". */
  key: string;
  label: string;
  value: number | undefined;
}

/** Numbers with their names, as a description list; zeros are dimmed. */
export function CountList({ items, ...props }: { items: CountItem[] } & Omit<DataListProps, 'children'>) {
  return (
    <DataList size="sm" gap={6} labelWidth="9rem" {...props}>
      {items.map((item) => (
        <DataList.Item key={item.key}>
          <DataList.ItemLabel>{item.label}</DataList.ItemLabel>
          <DataList.ItemValue
            data-testid={`count-${item.key}`}
            fw={item.value ? 600 : undefined}
            c={item.value ? undefined : 'dimmed'}
            style={{ fontVariantNumeric: 'tabular-nums' }}
          >
            {(item.value ?? 0).toLocaleString()}
          </DataList.ItemValue>
        </DataList.Item>
      ))}
    </DataList>
  );
}

/** Why customers of the audience get no message: one line per reason. */
export function SkippedBreakdownList({ breakdown, label = 'Skipped by reason' }: { breakdown: SkippedCounts | undefined; label?: string }) {
  return <CountList aria-label={label} items={SKIP_REASONS.map((r) => ({ key: r.key, label: r.label, value: breakdown?.[r.key] }))} />;
}
