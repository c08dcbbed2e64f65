import { useState } from 'react';
import { Link } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Anchor, Badge, Button, Group, Loader, MultiSelect, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil } from '@tabler/icons-react';
import type { CustomerDetailDto } from '../../api/client';
import { customersClient } from '../../lib/api';
import { QueryFailure } from '../../layout/ListContent';
import { SelectionForm } from '../../lib/SelectionForm';
import { ProfileCard } from '../../components/ProfileCard';
import { groupsKey, useGroups } from '../../lib/queries/groups';
import { customerKey } from '../../lib/queries/customers';

/** Picks the customer's groups among all of them and saves exactly those (`groupIds`). */
function GroupsEditor({ detail, onDone }: { detail: CustomerDetailDto; onDone: () => void }) {
  const queryClient = useQueryClient();
  const customer = detail.customer!;
  const groups = useGroups();
  const [value, setValue] = useState<number[]>((detail.groups ?? []).map((g) => g.id!));
  const [search, setSearch] = useState('');

  const save = async (groupIds: number[]) => {
    const saved = await customersClient.updateCustomer(customer.id!, { groupIds });
    queryClient.setQueryData(customerKey(customer.id!), saved);
    notifications.show({ color: 'whatsapp', title: 'Groups saved', message: `${customer.name}’s groups were updated.` });
    onDone();
    // The groups' member counts changed.
    void queryClient.invalidateQueries({ queryKey: groupsKey });
  };

  if (groups.error) return <QueryFailure query={groups} what="groups" />;
  // The customer's groups are known already: they show while the full list loads.
  const source: { id?: number; name?: string }[] = groups.data ?? detail.groups ?? [];
  const data = source.map((g) => ({ value: g.id!, label: g.name ?? '' }));

  return (
    <SelectionForm label={`Groups of ${customer.name}`} value={value} field="groupIds" save={save} submitLabel="Save groups" onCancel={onDone}>
      {(error) => (
        <MultiSelect<number>
          label="Groups"
          description={groups.data?.length === 0 ? 'There are no groups yet.' : 'Pick every group the customer is in.'}
          placeholder={value.length === 0 ? 'Search groups' : undefined}
          data={data}
          value={value}
          onChange={setValue}
          searchable
          searchValue={search}
          onSearchChange={setSearch}
          clearable
          hidePickedOptions
          // Without a search, nothing left to offer means every group is picked: the dropdown closes then.
          nothingFoundMessage={search.trim() ? 'No group matches' : undefined}
          rightSection={groups.isPending ? <Loader size="xs" role="status" aria-label="Loading groups" /> : undefined}
          error={error}
          comboboxProps={{ withinPortal: true }}
          data-autofocus
        />
      )}
    </SelectionForm>
  );
}

/** The groups the customer is in, each linking to its group; "Edit" picks them among all groups. */
export function CustomerGroupsCard({ detail }: { detail: CustomerDetailDto }) {
  const [editing, setEditing] = useState(false);
  const groups = detail.groups ?? [];
  return (
    <ProfileCard
      title="Groups"
      actions={
        !editing && (
          <Button size="xs" variant="light" leftSection={<IconPencil size={14} />} onClick={() => setEditing(true)}>
            Edit groups
          </Button>
        )
      }
    >
      {editing ? (
        <GroupsEditor detail={detail} onDone={() => setEditing(false)} />
      ) : groups.length === 0 ? (
        <Text size="sm" c="dimmed">
          Not in any group.{' '}
          <Anchor component={Link} to="/groups" size="sm" underline="always">
            See the groups
          </Anchor>
        </Text>
      ) : (
        <Group gap="xs" component="ul" aria-label={`Groups of ${detail.customer?.name}`} m={0} p={0} style={{ listStyle: 'none' }}>
          {groups.map((g) => (
            <li key={g.id}>
              <Badge component={Link} to={`/groups/${g.id}`} variant="light" size="lg" tt="none" style={{ cursor: 'pointer' }}>
                {g.name}
              </Badge>
            </li>
          ))}
        </Group>
      )}
    </ProfileCard>
  );
}
