import type { ReactNode } from 'react';
import { Paper, Skeleton, Table, Text, VisuallyHidden } from '@mantine/core';
import { QueryContent, type LoadState } from './ListContent';

/**
 * A loaded list as a table ({@link QueryContent}'s states: the failure, a skeleton, a sentence when there is nothing), else a table with
 * these column names (and, `withActions`, a last column of buttons named for screen readers only). `framed` puts it in
 * a bordered paper (a page's list) rather than bare (inside a card).
 */
export function QueryTable<T>({
  query,
  rows,
  what,
  empty,
  label,
  columns,
  withActions = false,
  framed = false,
  minWidth = 520,
  children,
}: {
  query: LoadState;
  rows: T[] | undefined;
  /** "bills": for "Could not load the bills." */
  what: string;
  empty: string;
  /** The table's accessible name. */
  label: string;
  columns: string[];
  withActions?: boolean;
  framed?: boolean;
  minWidth?: number;
  children: (rows: T[]) => ReactNode;
}) {
  const emptyText = (
    <Text size="sm" c="dimmed">
      {empty}
    </Text>
  );
  return (
    <QueryContent
      query={query}
      items={rows}
      what={what}
      empty={framed ? <Paper withBorder p="md">{emptyText}</Paper> : emptyText}
      loading={<Skeleton h={framed ? 80 : 56} />}
    >
      {(items) => {
        const table = (
          <Table.ScrollContainer minWidth={minWidth}>
            <Table verticalSpacing={framed ? 'sm' : 'xs'} horizontalSpacing={framed ? 'md' : undefined} aria-label={label}>
              <Table.Thead>
                <Table.Tr>
                  {columns.map((column) => (
                    <Table.Th key={column}>{column}</Table.Th>
                  ))}
                  {withActions && (
                    <Table.Th>
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>{children(items)}</Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        );
        return framed ? (
          <Paper withBorder radius="md">
            {table}
          </Paper>
        ) : (
          table
        );
      }}
    </QueryContent>
  );
}
