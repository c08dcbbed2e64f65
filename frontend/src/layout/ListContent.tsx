import type { ReactNode } from 'react';
import { Button, EmptyState, Paper, Skeleton, Stack, Text } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { loadProblem, type FormProblem } from '../lib/apiErrors';
import { ProblemAlert } from '../lib/ProblemAlert';

/** What a list's query (TanStack Query's result) says about its load; with `refetch`, a failure offers to try again. */
export interface LoadState {
  error: unknown;
  isPending: boolean;
  refetch?: () => unknown;
}

export interface NoMatch {
  title: string;
  description: string;
  onClear: () => void;
}

/**
 * The body of a list page: a failed load (what, why, Try again) above the rest; skeleton rows while the first load
 * runs; when there is nothing, either "nothing matches" with a way to clear the filters or the page's own empty state;
 * else the list in a bordered paper (also after a failed refresh, the rows loaded before).
 */
export function ListContent({ query, what, ...body }: ListBodyProps & {
  query: LoadState;
  /** "customers": for "Could not load the customers." */
  what: string;
}) {
  return (
    <>
      {!!query.error && <QueryFailure query={query} what={what} />}
      <ListBody pending={query.isPending} failed={!!query.error} {...body} />
    </>
  );
}

interface ListBodyProps {
  /** How many rows there are to show. */
  count: number;
  filtered?: boolean;
  /** What to say when the filters leave nothing (needed when the list can be `filtered`). */
  noMatch?: NoMatch;
  /** The empty state when nothing exists yet (no filter set). */
  empty: ReactNode;
  children: ReactNode;
}

function ListBody({ pending, failed, count, filtered = false, noMatch, empty, children }: ListBodyProps & { pending: boolean; failed: boolean }) {
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
        {filtered && noMatch ? (
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

/** A load that failed, said the one way: "Could not load the {what}.", why, and Try again when it can be retried. */
export function QueryFailure({ query, what }: { query: LoadState; what: string }) {
  const problem = loadProblem(query.error, `Could not load the ${what}.`);
  const { refetch } = query;
  return refetch ? <LoadFailure problem={problem} onRetry={() => void refetch()} /> : <ProblemAlert problem={problem} />;
}

/**
 * A list inside a card or a tab, drawn the one way: the failure (see {@link QueryFailure}), skeleton rows while it
 * loads (`loading` to shape them otherwise), `empty` when there is nothing (a sentence is shown dimmed), else
 * `children` with the items.
 */
export function QueryContent<T>({
  query,
  items,
  what,
  empty,
  loading,
  children,
}: {
  query: LoadState;
  items: T[] | undefined;
  what: string;
  empty: ReactNode;
  loading?: ReactNode;
  children: (items: T[]) => ReactNode;
}) {
  if (query.error) return <QueryFailure query={query} what={what} />;
  if (query.isPending || !items) {
    return (
      loading ?? (
        <Stack>
          <Skeleton h={28} />
          <Skeleton h={28} />
        </Stack>
      )
    );
  }
  if (items.length === 0) {
    return typeof empty === 'string' ? (
      <Text size="sm" c="dimmed">
        {empty}
      </Text>
    ) : (
      empty
    );
  }
  return children(items);
}
