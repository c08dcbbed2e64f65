import type { ReactNode } from 'react';
import { Button, EmptyState, Paper, Skeleton, Stack } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import type { FormProblem } from '../lib/apiErrors';
import { ProblemAlert } from '../lib/ProblemAlert';

export interface NoMatch {
  title: string;
  description: string;
  onClear: () => void;
}

/**
 * The body of a filtered list page: skeleton rows while the first load runs; when there is nothing, either
 * "nothing matches" with a way to clear the filters or the page's own empty state; else the list in a bordered paper
 * (also after a failed refresh, which the page explains above it).
 */
export function ListContent({
  pending,
  failed,
  count,
  filtered,
  noMatch,
  empty,
  children,
}: {
  /** The first load is running. */
  pending: boolean;
  /** The last load failed. */
  failed: boolean;
  /** How many rows there are to show. */
  count: number;
  filtered: boolean;
  noMatch: NoMatch;
  /** The empty state when nothing exists yet (no filter set). */
  empty: ReactNode;
  children: ReactNode;
}) {
  if (pending && !failed) {
    return (
      <Paper withBorder p="md">
        <Stack>
          <Skeleton h={32} />
          <Skeleton h={32} />
          <Skeleton h={32} />
        </Stack>
      </Paper>
    );
  }
  if (!failed && count === 0) {
    return (
      <Paper withBorder p="xl">
        {filtered ? (
          <EmptyState variant="light" icon={<IconSearch />} title={noMatch.title} description={noMatch.description}>
            <EmptyState.Actions>
              <Button variant="light" onClick={noMatch.onClear}>
                Clear filters
              </Button>
            </EmptyState.Actions>
          </EmptyState>
        ) : (
          empty
        )}
      </Paper>
    );
  }
  if (count === 0) return null;
  return <Paper withBorder radius="md">{children}</Paper>;
}

/** A load that failed: what and why, and a way to try again. */
export function LoadFailure({ problem, onRetry }: { problem: FormProblem; onRetry: () => void }) {
  return (
    <Stack gap="xs" align="flex-start">
      <ProblemAlert problem={problem} />
      <Button size="xs" variant="light" color="red" onClick={onRetry}>
        Try again
      </Button>
    </Stack>
  );
}
