import { BarsList, LineChart } from '@mantine/charts';
import { Group, SimpleGrid, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import type { ConsentStatsDto } from '../../api/client';
import { loadProblem } from '../../lib/api';
import { formatDay } from './overview';
import { NothingYet, OverviewSection, SectionBody } from './OverviewSection';
import { consentSourceLabel } from '../../lib/consent';

/** "1,234 of 2,000 customers (62%)" */
export function optedInText(stats: ConsentStatsDto): string {
  const optedIn = stats.optedInNow ?? 0;
  const customers = stats.customersNow ?? 0;
  const percent = customers === 0 ? 0 : Math.round((optedIn / customers) * 100);
  return `${optedIn.toLocaleString()} of ${customers.toLocaleString()} customers (${percent}%)`;
}

function ConsentDays({ stats }: { stats: ConsentStatsDto }) {
  const days = stats.days ?? [];
  const optIns = days.reduce((sum, d) => sum + (d.optedIn ?? 0), 0);
  const optOuts = days.reduce((sum, d) => sum + (d.optedOut ?? 0), 0);
  return (
    <Stack gap="xs">
      <Title order={4} size="h6">
        Opt-ins and opt-outs per day
      </Title>
      <Text size="sm" data-testid="consent-totals">
        {optIns.toLocaleString()} opt-ins, {optOuts.toLocaleString()} opt-outs
      </Text>
      {optIns + optOuts > 0 && (
        <>
          <LineChart
            h={180}
            data={days.map((d) => ({ label: formatDay(d.day), optedIn: d.optedIn ?? 0, optedOut: d.optedOut ?? 0 }))}
            dataKey="label"
            series={[
              { name: 'optedIn', label: 'Opt-ins', color: 'whatsapp.8' },
              { name: 'optedOut', label: 'Opt-outs', color: 'red.7' },
            ]}
            curveType="monotone"
            withLegend
            withDots={false}
            gridAxis="y"
            lineChartProps={{ accessibilityLayer: false }}
            aria-hidden
          />
          <VisuallyHidden>
            <Table>
              <caption>Opt-ins and opt-outs per day</caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Day</Table.Th>
                  <Table.Th scope="col">Opt-ins</Table.Th>
                  <Table.Th scope="col">Opt-outs</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {days.map((d) => (
                  <Table.Tr key={d.day}>
                    <Table.Th scope="row">{formatDay(d.day)}</Table.Th>
                    <Table.Td>{d.optedIn ?? 0}</Table.Td>
                    <Table.Td>{d.optedOut ?? 0}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </VisuallyHidden>
        </>
      )}
    </Stack>
  );
}

function OptOutSources({ stats }: { stats: ConsentStatsDto }) {
  const sources = (stats.optOutsBySource ?? []).filter((s) => (s.count ?? 0) > 0);
  return (
    <Stack gap="xs">
      <Title order={4} size="h6">
        Opt-outs by source
      </Title>
      {sources.length === 0 ? (
        <NothingYet>No opt-out in this period.</NothingYet>
      ) : (
        <BarsList
          aria-label="Opt-outs by source"
          data={sources.map((s) => ({ name: consentSourceLabel(s.source), value: s.count ?? 0 }))}
          barsLabel="Source"
          valueLabel="Opt-outs"
          barColor="red.1"
          barTextColor="dark.7"
        />
      )}
    </Stack>
  );
}

/** Who is opted in now, opt-ins against opt-outs per day, and where the opt-outs came from. */
export function ConsentOverview({ stats, error }: { stats: ConsentStatsDto | undefined; error: unknown }) {
  return (
    <OverviewSection title="Consent" description="Customers who agreed to receive WhatsApp messages, and who withdrew.">
      <SectionBody data={stats} error={error} problem={loadProblem(error, 'Could not load the consent figures.')}>
        {(data) => (
          <Stack gap="md">
            <Group gap="xs" align="baseline">
              <Text size="sm" c="dimmed">
                Opted in now:
              </Text>
              <Text fw={600} data-testid="opted-in-now">
                {optedInText(data)}
              </Text>
            </Group>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
              <ConsentDays stats={data} />
              <OptOutSources stats={data} />
            </SimpleGrid>
          </Stack>
        )}
      </SectionBody>
    </OverviewSection>
  );
}
