import { Link } from 'react-router';
import { Anchor, Badge, Code, Group, Progress, Stack, Table, Text } from '@mantine/core';
import type { FailureReasonDto } from '../../api/client';
import { loadProblem } from '../../lib/api';
import { affectedCustomersLink, failedLogLink } from './overview';
import { NothingYet, OverviewSection, SectionBody } from './OverviewSection';

export const UNKNOWN_MEANING = 'No description for this code';

/** Failed messages by error code, with what the code means, the biggest first; a link to them in the Sent Log. */
export function FailureReasons({ days, failures, error }: { days: number; failures: FailureReasonDto[] | undefined; error: unknown }) {
  return (
    <OverviewSection
      title="Failures by reason"
      description="Failed and undelivered messages by the provider's error code."
      actions={
        <Anchor component={Link} to={failedLogLink(days)} size="sm">
          Failed messages in the Sent Log
        </Anchor>
      }
    >
      <SectionBody data={failures} error={error} problem={loadProblem(error, 'Could not load the failures.')}>
        {(data) => {
          if (data.length === 0) return <NothingYet>No failed message in this period.</NothingYet>;
          const max = Math.max(...data.map((f) => f.count ?? 0), 1);
          return (
            <Table verticalSpacing="xs" aria-label="Failures by reason">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Reason</Table.Th>
                  <Table.Th w={140}>Messages</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.map((f) => {
                  const count = f.count ?? 0;
                  return (
                    <Table.Tr key={`${f.providerType}-${f.code}`} data-testid="failure-reason">
                      <Table.Td>
                        <Stack gap={2}>
                          <Text size="sm">
                            <Code>{f.code}</Code>{' '}
                            {f.providerType && (
                              <Badge size="xs" variant="light" color="gray" ml={4}>
                                {f.providerType}
                              </Badge>
                            )}
                          </Text>
                          <Text size="sm" c={f.meaning ? undefined : 'dimmed'}>
                            {f.meaning || UNKNOWN_MEANING}
                          </Text>
                        </Stack>
                      </Table.Td>
                      <Table.Td>
                        <Stack gap={4}>
                          <Group gap="sm" wrap="wrap">
                            <Anchor component={Link} to={failedLogLink(days, f.code)} size="sm" fw={600} aria-label={`${count.toLocaleString()} failed messages with code ${f.code} — open them in the Sent Log`}>
                              {count.toLocaleString()}
                            </Anchor>
                            <Anchor component={Link} to={affectedCustomersLink(days, f.code ?? '')} size="sm" aria-label={`Customers affected by code ${f.code}`}>
                              Customers
                            </Anchor>
                          </Group>
                          <Progress value={(count / max) * 100} color="red" size="sm" aria-hidden />
                        </Stack>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          );
        }}
      </SectionBody>
    </OverviewSection>
  );
}
