import { Link } from 'react-router';
import { Anchor, Container, Group, Text } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { loadProblem, toApiError } from '../lib/apiErrors';
import { ProblemAlert } from '../lib/ProblemAlert';
import { PageHeader } from './PageHeader';

/** "← All customers": the way back from a record's page to its list. */
export function BackLink({ to, label }: { to: string; label: string }) {
  return (
    <Anchor component={Link} to={to} size="sm">
      <Group gap={4} component="span">
        <IconArrowLeft size={14} aria-hidden />
        {label}
      </Group>
    </Anchor>
  );
}

/**
 * A record's page when the record cannot be shown: "not found" when the server says 404 or the address holds no id
 * (`error` null), else why it could not be loaded.
 */
export function RecordUnavailable({
  error,
  noun,
  back,
  goneText,
}: {
  error: unknown;
  /** "Customer", "Group". */
  noun: string;
  back: { to: string; label: string };
  /** Said when it does not exist, e.g. "This customer does not exist, or was removed." */
  goneText: string;
}) {
  const notFound = !error || toApiError(error).status === 404;
  return (
    <Container size="xl" px={0}>
      <PageHeader title={notFound ? `${noun} not found` : noun} description={<BackLink {...back} />} />
      {notFound ? (
        <Text c="dimmed">{goneText}</Text>
      ) : (
        <ProblemAlert problem={loadProblem(error, `Could not load this ${noun.toLowerCase()}.`)} />
      )}
    </Container>
  );
}
