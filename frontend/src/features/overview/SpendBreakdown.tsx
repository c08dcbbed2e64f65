import { useState } from 'react';
import { Link } from 'react-router';
import { Anchor, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { loadProblem } from '../../lib/api';
import { formatMoney } from '../../lib/format';
import { formatDay } from './overview';
import { NothingYet, OverviewSection, SectionBody } from './OverviewSection';
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
              <Table verticalSpacing="xs" aria-label={`Spend by ${column.toLowerCase()}`}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{column}</Table.Th>
                    <Table.Th w={110}>Messages</Table.Th>
                    <Table.Th w={130}>Cost</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.map((row) => (
                    <Table.Tr key={`${row.key}-${row.currency}`} data-testid="spend-breakdown-row">
                      <Table.Td>
                        <Name by={by} row={row} />
                      </Table.Td>
                      <Table.Td>{(row.messages ?? 0).toLocaleString()}</Table.Td>
                      <Table.Td>
                        <Text size="sm" fw={600}>
                          {formatMoney(row.amount, row.currency)}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )
          }
        </SectionBody>
      </Stack>
    </OverviewSection>
  );
}
