import { Link } from 'react-router';
import { BarChart } from '@mantine/charts';
import { Button, EmptyState, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconChartBar, IconFileText, IconSend } from '@tabler/icons-react';
import type { DailyMessagesDto } from '../../api/client';
import { loadProblem } from '../../lib/api';
import { DAILY_SERIES, formatDay, periodTotals } from './overview';
import { OverviewSection, SectionBody } from './OverviewSection';
import { plural } from '../../lib/format';

export const NO_MESSAGES_TEXT = 'No messages yet';

/** "120 messages: 100 delivered, 15 read, 5 failed" — the statuses that have any. */
export function totalsSummary(daily: DailyMessagesDto[]): string {
  const totals = periodTotals(daily);
  const parts = DAILY_SERIES.filter((s) => totals[s.name] > 0).map((s) => `${totals[s.name].toLocaleString()} ${s.label.toLowerCase()}`);
  return `${plural(totals.total, 'message')}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

/** The chart's numbers for screen readers: a day per row, a status per column. */
function DailyTable({ daily }: { daily: DailyMessagesDto[] }) {
  return (
    <VisuallyHidden>
      <Table>
        <caption>Messages per day by status</caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Day</Table.Th>
            {DAILY_SERIES.map((s) => (
              <Table.Th key={s.name} scope="col">
                {s.label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {daily.map((d) => (
            <Table.Tr key={d.day}>
              <Table.Th scope="row">{formatDay(d.day)}</Table.Th>
              {DAILY_SERIES.map((s) => (
                <Table.Td key={s.name}>{d[s.name] ?? 0}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </VisuallyHidden>
  );
}

/** Where a newcomer goes when nothing has been sent: Compose, or Templates first. */
export function NoMessagesYet() {
  return (
    <EmptyState
      variant="light"
      icon={<IconChartBar />}
      title={NO_MESSAGES_TEXT}
      description="Charts fill in once messages go out. Send a broadcast from Compose, or add and sync your templates first."
    >
      <EmptyState.Actions>
        <Button component={Link} to="/whatsapp/compose" leftSection={<IconSend size={16} />}>
          Compose a broadcast
        </Button>
        <Button component={Link} to="/whatsapp/templates" variant="default" leftSection={<IconFileText size={16} />}>
          Templates
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  );
}

/** Messages per day over the period, stacked by their current status. */
export function MessagesPerDay({ days, daily, error }: { days: number; daily: DailyMessagesDto[] | undefined; error: unknown }) {
  return (
    <OverviewSection
      title="Messages per day"
      description={`The last ${days} days (UTC), each day's messages stacked by their current status.`}
    >
      <SectionBody data={daily} error={error} problem={loadProblem(error, 'Could not load the messages per day.')} skeletonHeight={280}>
        {(data) =>
          periodTotals(data).total === 0 ? (
            <NoMessagesYet />
          ) : (
            <>
              <Text size="sm" mb="sm" data-testid="daily-totals">
                {totalsSummary(data)}
              </Text>
              <BarChart
                h={280}
                data={data.map((d) => ({ ...d, label: formatDay(d.day) }))}
                dataKey="label"
                type="stacked"
                series={DAILY_SERIES.map(({ name, label, color }) => ({ name, label, color }))}
                withLegend
                legendProps={{ verticalAlign: 'bottom' }}
                tickLine="y"
                gridAxis="y"
                barChartProps={{ accessibilityLayer: false }}
                aria-hidden
              />
              <DailyTable daily={data} />
            </>
          )
        }
      </SectionBody>
    </OverviewSection>
  );
}
