import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Anchor, Center, Container, Group, Loader, Text } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { loadProblem, toApiError } from '../lib/api';
import { ProblemAlert } from '../lib/ProblemAlert';
import { PageHeader } from './PageHeader';

/** "← All customers": the way from a detail page back to where its records are listed. */
export function BackLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Anchor component={Link} to={to} size="sm">
      <Group gap={4} component="span">
        <IconArrowLeft size={14} aria-hidden />
        {children}
      </Group>
    </Anchor>
  );
}

/** The id in the address (`:id`) when it is a positive whole number, else null. */
export function idParam(text: string | undefined): number | null {
  return /^\d+$/.test(text ?? '') ? Number(text) : null;
}

/**
 * A detail page whose record could not be shown: "<noun> not found" for an id that is not one (`error` null) or a
 * 404, else why loading it failed.
 */
export function DetailLoadFailure({ noun, error, back, notFoundText }: { noun: string; error: unknown; back: ReactNode; notFoundText: string }) {
  const notFound = error === null || toApiError(error).status === 404;
  return (
    <Container size="xl" px={0}>
      <PageHeader title={notFound ? `${noun} not found` : noun} description={back} />
      {notFound ? (
        <Text c="dimmed">{notFoundText}</Text>
      ) : (
        <ProblemAlert problem={loadProblem(error, `Could not load this ${noun.toLowerCase()}.`)} />
      )}
    </Container>
  );
}

/** A detail page while its record loads. */
export function DetailLoading({ label }: { label: string }) {
  return (
    <Center py="xl">
      <Loader aria-label={label} />
    </Center>
  );
}
