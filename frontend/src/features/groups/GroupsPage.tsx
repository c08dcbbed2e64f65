import { useState } from 'react';
import { Link } from 'react-router';
import { ActionIcon, Anchor, Button, Container, EmptyState, Group, Stack, Table, Text, TextInput, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconPencil, IconPlus, IconSearch, IconTrash, IconUsersGroup } from '@tabler/icons-react';
import type { GroupDto } from '../../api/client';
import { ListContent } from '../../layout/ListContent';
import { PageHeader } from '../../layout/PageHeader';
import { useGroupEditing } from './useGroupEditing';
import { useGroups } from '../../lib/queries/groups';

export const EMPTY_GROUPS_TEXT = 'No groups yet';

function GroupRow({ group, onEdit, onDelete }: { group: GroupDto; onEdit: () => void; onDelete: () => void }) {
  return (
    <Table.Tr aria-label={group.name}>
      <Table.Td>
        <Stack gap={2}>
          <Anchor component={Link} to={`/groups/${group.id}`} fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
            {group.name}
          </Anchor>
          {group.description && (
            <Text size="xs" c="dimmed" lineClamp={2} maw={520} title={group.description}>
              {group.description}
            </Text>
          )}
        </Stack>
      </Table.Td>
      <Table.Td ta="right">{group.memberCount ?? 0}</Table.Td>
      <Table.Td ta="right">{group.optedInCount ?? 0}</Table.Td>
      <Table.Td>
        <Group gap="xs" justify="flex-end" wrap="nowrap">
          <Tooltip label="Rename" withArrow>
            <ActionIcon variant="default" size="md" onClick={onEdit} aria-label={`Rename ${group.name}`}>
              <IconPencil size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Delete" withArrow>
            <ActionIcon variant="subtle" color="red" size="md" onClick={onDelete} aria-label={`Delete ${group.name}`}>
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

/** The customer groups: how many customers each has and how many of them may be messaged; create, rename, delete. */
export function GroupsPage() {
  const groups = useGroups();
  const editing = useGroupEditing();
  const [search, setSearch] = useState('');

  const all = groups.data ?? [];
  const term = search.trim().toLowerCase();
  // Every group comes in one answer: the search narrows it here.
  const list = term ? all.filter((g) => `${g.name} ${g.description ?? ''}`.toLowerCase().includes(term)) : all;

  const newButton = (variant: 'filled' | 'light') => (
    <Button variant={variant} leftSection={<IconPlus size={16} />} onClick={editing.openCreate}>
      New group
    </Button>
  );

  return (
    <Container size="xl" px={0}>
      <PageHeader
        title="Groups"
        description="Groups of customers to message together: a neighbourhood, a plan, a building. A customer can be in several groups; deleting a group keeps its customers."
        actions={newButton('filled')}
      />

      <Stack gap="md">
        <TextInput
          label="Search"
          placeholder="Group name or description"
          type="search"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          maw={460}
        />

        <ListContent
          query={groups}
          what="groups"
          count={list.length}
          filtered={term !== ''}
          noMatch={{ title: 'No group matches', description: 'Try another search.', onClear: () => setSearch('') }}
          empty={
            <EmptyState
              variant="light"
              icon={<IconUsersGroup />}
              title={EMPTY_GROUPS_TEXT}
              description="Create a group, then add customers to it here, from a customer’s profile or with a CSV import."
            >
              <EmptyState.Actions>{newButton('light')}</EmptyState.Actions>
            </EmptyState>
          }
        >
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="sm" horizontalSpacing="sm" highlightOnHover aria-label="Groups">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Group</Table.Th>
                  <Table.Th w={120} ta="right">
                    Members
                  </Table.Th>
                  <Table.Th w={120} ta="right">
                    Opted in
                  </Table.Th>
                  <Table.Th w={110}>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((group) => (
                  <GroupRow key={group.id} group={group} onEdit={() => editing.openEdit(group)} onDelete={() => editing.confirmDelete(group)} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </ListContent>
      </Stack>

      {editing.modal}
    </Container>
  );
}
