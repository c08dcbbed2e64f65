import { useId, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { LoadFailure } from '../../layout/ListContent';
import type { FormProblem } from '../../lib/apiErrors';

/** A titled block of the Overview: a region named by its title, described by its description. */
export function OverviewSection({
  title,
  description,
  actions,
  children,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const titleId = useId();
  const descriptionId = useId();
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      component="section"
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
    >
      <Group justify="space-between" align="flex-start" mb="sm" wrap="wrap" gap="xs">
        <Stack gap={2}>
          <Title order={3} size="h4" id={titleId}>
            {title}
          </Title>
          {description && (
            <Text size="sm" c="dimmed" id={descriptionId}>
              {description}
            </Text>
          )}
        </Stack>
        {actions}
      </Group>
      {children}
    </Paper>
  );
}

/** "Try again" for a section whose load failed: asks again for every query of the page that failed. */
export function SectionLoadFailure({ problem }: { problem: FormProblem }) {
  const queryClient = useQueryClient();
  const retry = () => void queryClient.refetchQueries({ type: 'active', predicate: (query) => query.state.status === 'error' });
  return <LoadFailure problem={problem} onRetry={retry} />;
}

/**
 * What a section shows while its data is not there: skeletons on the first load, the problem (and Try again) when the
 * load failed, else `children` (called only with the data).
 */
export function SectionBody<T>({
  data,
  error,
  problem,
  skeletonHeight = 120,
  children,
}: {
  data: T | undefined;
  error: unknown;
  problem: FormProblem;
  skeletonHeight?: number;
  children: (data: T) => ReactNode;
}) {
  if (data === undefined && error) return <SectionLoadFailure problem={problem} />;
  if (data === undefined) return <Skeleton h={skeletonHeight} data-testid="section-loading" />;
  return <>{children(data)}</>;
}

/** The quiet line a section shows when the period has nothing for it. */
export function NothingYet({ children }: { children: ReactNode }) {
  return (
    <Text size="sm" c="dimmed">
      {children}
    </Text>
  );
}
