import { Table, Text } from '@mantine/core';
import type { SpendDto } from '../../api/client';
import { loadProblem } from '../../lib/api';
import { formatMoney } from '../../lib/format';
import { NothingYet, OverviewSection, SectionBody } from './OverviewSection';

/** What the period's messages cost by pricing category (priced by the provider's report and the rate card). */
export function SpendByCategory({ spend, error }: { spend: SpendDto[] | undefined; error: unknown }) {
  return (
    <OverviewSection title="Spend by category" description="What messages cost, by the rate card in Settings, per pricing category.">
      <SectionBody data={spend} error={error} problem={loadProblem(error, 'Could not load the spend.')}>
        {(data) =>
          data.length === 0 ? (
            <NothingYet>No priced message in this period.</NothingYet>
          ) : (
            <Table verticalSpacing="xs" aria-label="Spend by category">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Category</Table.Th>
                  <Table.Th w={120}>Messages</Table.Th>
                  <Table.Th w={140}>Cost</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.map((s) => (
                  <Table.Tr key={`${s.category}-${s.currency}`} data-testid="spend-row">
                    <Table.Td>{s.category}</Table.Td>
                    <Table.Td>{(s.messages ?? 0).toLocaleString()}</Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {formatMoney(s.amount, s.currency)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )
        }
      </SectionBody>
    </OverviewSection>
  );
}
