import { useState } from 'react';
import { Badge, Button, EmptyState, Group, Select, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconDownload, IconListDetails } from '@tabler/icons-react';
import { ListContent } from '../../layout/ListContent';
import { auditExportUrl, EMPTY_AUDIT_QUERY, useAuditEntries, useAuditKinds, type AuditQuery } from './auditQueries';

function formatTime(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** Settings → Audit log: who changed what, when and from where; filtered, paged by "Show more", exported as CSV. */
export function AuditLogTab() {
  const [query, setQuery] = useState<AuditQuery>(EMPTY_AUDIT_QUERY);
  const [actorText, setActorText] = useState('');
  const [actor] = useDebouncedValue(actorText, 300);
  const effective = { ...query, actor };
  const entries = useAuditEntries(effective);
  const kinds = useAuditKinds();
  const rows = entries.data?.pages.flatMap((p) => p.items ?? []) ?? [];
  const filtered = effective.actor.trim() !== '' || query.kind !== '' || query.from !== '' || query.to !== '';
  const set = (change: Partial<AuditQuery>) => setQuery((q) => ({ ...q, ...change }));

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <SimpleGrid cols={{ base: 1, sm: 4 }} style={{ flex: 1 }}>
          <TextInput label="Who" placeholder="Email or API key name" value={actorText} onChange={(e) => setActorText(e.currentTarget.value)} />
          <Select
            label="Kind"
            placeholder="Any"
            clearable
            data={kinds.data ?? []}
            value={query.kind || null}
            onChange={(value) => set({ kind: value ?? '' })}
          />
          <TextInput label="From" type="date" value={query.from} onChange={(e) => set({ from: e.currentTarget.value })} />
          <TextInput label="To" type="date" value={query.to} onChange={(e) => set({ to: e.currentTarget.value })} />
        </SimpleGrid>
        <Button component="a" href={auditExportUrl(effective)} download variant="default" leftSection={<IconDownload size={16} />}>
          Export CSV
        </Button>
      </Group>
      <ListContent
        query={entries}
        what="audit log"
        count={rows.length}
        filtered={filtered}
        noMatch={{
          title: 'No change matches these filters',
          description: 'Try another person, kind or period.',
          onClear: () => {
            setActorText('');
            setQuery(EMPTY_AUDIT_QUERY);
          },
        }}
        empty={
          <EmptyState variant="light" icon={<IconListDetails />} title="No changes recorded yet" description="Every change made by a person or an API key appears here." />
        }
      >
        <Table.ScrollContainer minWidth={800}>
          <Table verticalSpacing="sm" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Who</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>What</Table.Th>
                <Table.Th>From</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(e.at)}</Table.Td>
                  <Table.Td>{e.actor}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={e.actorType === 'api-key' ? 'grape' : 'blue'}>
                      {e.kind}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{e.summary}</Text>
                    <Text size="xs" c="dimmed">
                      {e.action}
                    </Text>
                  </Table.Td>
                  <Table.Td>{e.clientAddress}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </ListContent>
      {entries.hasNextPage && (
        <Group justify="center">
          <Button variant="light" onClick={() => void entries.fetchNextPage()} loading={entries.isFetchingNextPage}>
            Show more
          </Button>
        </Group>
      )}
    </Stack>
  );
}
