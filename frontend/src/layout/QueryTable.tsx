import type { ReactNode } from 'react';
import { Paper, Skeleton, Table, Text, VisuallyHidden } from '@mantine/core';
import { loadProblem } from '../lib/apiErrors';
import { ProblemAlert } from '../lib/ProblemAlert';
import { LoadFailure } from './ListContent';

/**
 * A loaded list as a table: a skeleton while it loads, the failure (with Try again), a sentence when there is nothing, else a table with
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
  /** The query's state; with its `refetch`, a failure offers to try again. */
  query: { error: unknown; isPending: boolean; refetch?: () => unknown };
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
  if (query.error) {
    const problem = loadProblem(query.error, `Could not load the ${what}.`);
    const { refetch } = query;
    return refetch ? <LoadFailure problem={problem} onRetry={() => void refetch()} /> : <ProblemAlert problem={problem} />;
  }
  if (query.isPending || !rows) return <Skeleton h={framed ? 80 : 56} />;
  if (rows.length === 0) {
    const text = (
      <Text size="sm" c="dimmed">
        {empty}
      </Text>
    );
    return framed ? (
      <Paper withBorder p="md">
        {text}
      </Paper>
    ) : (
      text
    );
  }
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
        <Table.Tbody>{children(rows)}</Table.Tbody>
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
}
