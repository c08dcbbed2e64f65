import { Link } from 'react-router';
import { Anchor, Stack, Table, Text } from '@mantine/core';
import type { BroadcastDto } from '../../api/client';
import { BroadcastStatusBadge } from '../../components/BroadcastStatusBadge';
import { PercentBar } from '../../components/PercentBar';
import { broadcastTitle, broadcastBarColor } from '../../lib/broadcasts';
import { formatDateTime } from '../../lib/format';
import { QueryContent } from '../../layout/ListContent';
import { useRecentBroadcasts } from './broadcastQueries';
import { isActiveBroadcast } from './composePayload';

export const NO_BROADCASTS_TEXT = 'No broadcast sent yet.';

function BroadcastRow({ broadcast }: { broadcast: BroadcastDto }) {
  const title = broadcastTitle(broadcast);
  const when = broadcast.status === 'Scheduled' ? broadcast.scheduledAt : broadcast.createdAt;
  return (
    <Table.Tr aria-label={title}>
      <Table.Td>
        <Stack gap={0}>
          <Anchor component={Link} to={`/whatsapp/broadcasts/${broadcast.id}`} fw={600} size="sm">
            {title}
          </Anchor>
          <Text size="xs" c="dimmed">
            {broadcast.templateName} ({broadcast.language})
          </Text>
        </Stack>
      </Table.Td>
      <Table.Td>
        <BroadcastStatusBadge status={broadcast.status} />
      </Table.Td>
      <Table.Td miw={160}>
        <PercentBar percent={broadcast.percent ?? 0} label={`Progress of ${title}`} size="sm" active={broadcast.status === 'Sending'} color={broadcastBarColor(broadcast.status)} />
      </Table.Td>
      <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
        {(broadcast.total ?? 0).toLocaleString()}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm">{formatDateTime(when)}</Text>
        {broadcast.status === 'Scheduled' && (
          <Text size="xs" c="dimmed">
            scheduled
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** The latest broadcasts, newest first, each linking to its progress page; followed while one is on its way. */
export function RecentBroadcasts() {
  const broadcasts = useRecentBroadcasts();
  return (
    <QueryContent query={broadcasts} items={broadcasts.data && (broadcasts.data.items ?? [])} what="recent broadcasts" empty={NO_BROADCASTS_TEXT}>
      {(items) => (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="xs" aria-label="Recent broadcasts" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Broadcast</Table.Th>
                <Table.Th w={160}>Status</Table.Th>
                <Table.Th w={220}>Progress</Table.Th>
                <Table.Th w={110} ta="right">
                  Recipients
                </Table.Th>
                <Table.Th w={190}>When</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((b) => (
                <BroadcastRow key={b.id} broadcast={b} />
              ))}
            </Table.Tbody>
          </Table>
          {items.some((b) => isActiveBroadcast(b.status)) && <Text size="xs" c="dimmed" mt={4}>Updating while broadcasts are on their way.</Text>}
        </Table.ScrollContainer>
      )}
    </QueryContent>
  );
}
