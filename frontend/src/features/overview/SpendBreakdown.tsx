import { useState } from 'react';
import { Link } from 'react-router';
import { Anchor, SegmentedControl, Stack } from '@mantine/core';
import { loadProblem } from '../../lib/api';
import { formatDay } from './overview';
import { NothingYet, OverviewSection, SectionBody } from './OverviewSection';
import { SpendTable } from './SpendTable';
import { type SpendBreakdownBy, type SpendBreakdownRow, useSpendBreakdown } from './overviewQueries';

const BY: { value: SpendBreakdownBy; label: string; column: string }[] = [
  { value: 'day', label: 'Per day', column: 'Day' },
  { value: 'template', label: 'Template', column: 'Template' },
  { value: 'broadcast', label: 'Broadcast', column: 'Broadcast' },
  { value: 'automation', label: 'Automation', column: 'Automation (event)' },
];

function Name({ by, row }: { by: SpendBreakdownBy; row: SpendBreakdownRow }) {
  if (by === 'day') return <>{formatDay(row.key!)}</>;
  if (by === 'broadcast')
    return (
      <Anchor component={Link} to={`/whatsapp/broadcasts/${row.key}`} size="sm">
        {row.name}
      </Anchor>
    );
  return <>{row.name}</>;
}

/** What the period's messages cost per day, template, broadcast or automation (the providers' prices, else the rate card's). */
export function SpendBreakdown({ days }: { days: number }) {
  const [by, setBy] = useState<SpendBreakdownBy>('day');
  const spend = useSpendBreakdown(by, days);
  const column = BY.find((b) => b.value === by)!.column;
  return (
    <OverviewSection title="Spend over time and by source" description="What messages cost: the provider’s price where it reports one, else the rate card’s.">
      <Stack gap="sm">
        <SegmentedControl size="xs" value={by} onChange={(v) => setBy(v as SpendBreakdownBy)} data={BY} aria-label="Break the spend down by" />
        <SectionBody data={spend.data} error={spend.error} problem={loadProblem(spend.error, 'Could not load the spend.')}>
          {(data) =>
            data.length === 0 ? (
              <NothingYet>No priced message in this period.</NothingYet>
            ) : (
              <SpendTable
                column={column}
                label={`Spend by ${column.toLowerCase()}`}
                testId="spend-breakdown-row"
                rows={data.map((row) => ({ key: row.key ?? '', label: <Name by={by} row={row} />, messages: row.messages, amount: row.amount, currency: row.currency }))}
              />
            )
          }
        </SectionBody>
      </Stack>
    </OverviewSection>
  );
}
