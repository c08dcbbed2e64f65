import type { ReactNode } from 'react';
import { Table, Text } from '@mantine/core';
import { formatMoney } from '../../lib/format';

export interface SpendTableRow {
  key: string;
  label: ReactNode;
  messages: number | undefined;
  amount: number | undefined;
  currency: string | undefined;
}

/** Spend as a table: what each row's messages cost, one currency per row. */
export function SpendTable({ column, rows, label, testId }: { column: string; rows: SpendTableRow[]; label: string; testId: string }) {
  return (
    <Table verticalSpacing="xs" aria-label={label}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{column}</Table.Th>
          <Table.Th w={110}>Messages</Table.Th>
          <Table.Th w={130}>Cost</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={`${row.key}-${row.currency}`} data-testid={testId}>
            <Table.Td>{row.label}</Table.Td>
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
  );
}
