import { Table } from '@mantine/core';
import type { DeliveryRateDto } from '../../api/client';
import { loadProblem } from '../../lib/api';
import { toPercent } from './overview';
import { NothingYet, OverviewSection, SectionBody } from './OverviewSection';
import { PercentBar } from '../../components/PercentBar';

/** Delivery and read rate per template or per provider, each as a named bar with its percent in text. */
export function DeliveryRates({
  what,
  rows,
  error,
}: {
  /** The column's name for one row: "Template", "Provider". */
  what: string;
  rows: DeliveryRateDto[] | undefined;
  error: unknown;
}) {
  return (
    <OverviewSection title={`Delivery by ${what.toLowerCase()}`} description="Of the messages that left: delivered (or read), and read.">
      <SectionBody data={rows} error={error} problem={loadProblem(error, `Could not load the delivery rates by ${what.toLowerCase()}.`)}>
        {(data) =>
          data.length === 0 ? (
            <NothingYet>No message left in this period.</NothingYet>
          ) : (
            <Table.ScrollContainer minWidth={460}>
              <Table verticalSpacing="xs" aria-label={`Delivery and read rate by ${what.toLowerCase()}`}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{what}</Table.Th>
                    <Table.Th ta="right" w={70}>
                      Sent
                    </Table.Th>
                    <Table.Th w={150}>Delivered</Table.Th>
                    <Table.Th w={150}>Read</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.map((r) => {
                    const name = r.name ?? `${what} ${r.id}`;
                    return (
                      <Table.Tr key={`${r.id ?? 'none'}-${name}`} aria-label={name}>
                        <Table.Td style={{ wordBreak: 'break-word' }}>{name}</Table.Td>
                        <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                          {(r.total ?? 0).toLocaleString()}
                        </Table.Td>
                        <Table.Td>
                          <PercentBar percent={toPercent(r.deliveryRate)} label={`Delivery rate of ${name}`} size="sm" active={false} />
                        </Table.Td>
                        <Table.Td>
                          <PercentBar percent={toPercent(r.readRate)} label={`Read rate of ${name}`} size="sm" active={false} />
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </SectionBody>
    </OverviewSection>
  );
}
