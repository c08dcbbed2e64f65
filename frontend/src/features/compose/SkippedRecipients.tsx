import { useState } from 'react';
import { Link } from 'react-router';
import { Anchor, Badge, Button, Group, Select, Stack, Table, Text } from '@mantine/core';
import type { BroadcastDto, SkipReason } from '../../api/client';
import { ListContent } from '../../layout/ListContent';
import { useSkippedRecipients } from './broadcastQueries';
import { SKIP_REASONS, skipReasonLabel } from './composePayload';

/**
 * Who of the audience got no message, and why, a page at a time: the customers behind the skipped counts, each a
 * link to their profile (to opt them in, or fix their number or a field).
 */
export function SkippedRecipients({ broadcast }: { broadcast: BroadcastDto }) {
  const [reason, setReason] = useState<SkipReason | null>(null);
  const skipped = useSkippedRecipients(broadcast.id!, reason);
  const items = skipped.data?.pages.flatMap((p) => p.items ?? []) ?? [];
  const reasons = SKIP_REASONS.filter((r) => (broadcast.skippedBreakdown?.[r.key] ?? 0) > 0);

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <Text size="sm" c="dimmed">
          Customers of the audience who got no message. Open one to see why and fix it.
        </Text>
        <Select
          label="Reason"
          placeholder="Every reason"
          data={reasons.map((r) => ({ value: r.reason, label: r.label }))}
          value={reason}
          onChange={(value) => setReason(value as SkipReason | null)}
          clearable
          w={220}
        />
      </Group>
      <ListContent
        query={skipped}
        what="skipped recipients"
        count={items.length}
        filtered={reason !== null}
        noMatch={{ title: 'Nobody was skipped for this reason', description: 'Choose another reason.', onClear: () => setReason(null) }}
        empty={
          <Text size="sm" c="dimmed">
            Nobody to list: the skipped customers were deleted since.
          </Text>
        }
      >
        <Table.ScrollContainer minWidth={520}>
          <Table verticalSpacing="xs" aria-label="Skipped recipients">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Customer</Table.Th>
                <Table.Th>Phone</Table.Th>
                <Table.Th>Reason</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((s) => (
                <Table.Tr key={s.customerId}>
                  <Table.Td>
                    <Anchor component={Link} to={`/customers/${s.customerId}`} size="sm">
                      {s.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{s.phone}</Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="wrap">
                      <Badge variant="light" color="gray">
                        {skipReasonLabel(s.reason)}
                      </Badge>
                      {(s.missing?.length ?? 0) > 0 && (
                        <Text size="xs" c="dimmed">
                          no value for {s.missing!.map((k) => `{{${k}}}`).join(', ')}
                        </Text>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </ListContent>
      {skipped.hasNextPage && (
        <Group justify="center">
          <Button variant="light" onClick={() => void skipped.fetchNextPage()} loading={skipped.isFetchingNextPage}>
            Show more
          </Button>
        </Group>
      )}
    </Stack>
  );
}
