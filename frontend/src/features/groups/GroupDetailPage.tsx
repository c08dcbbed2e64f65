import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import {
  ActionIcon,
  Anchor,
  Button,
  Checkbox,
  Container,
  EmptyState,
  Group,
  Loader,
  Modal,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconSearch, IconTrash, IconUserMinus, IconUserPlus, IconUsers } from '@tabler/icons-react';
import type { CustomerDto, GroupDto, GroupMembersAdded } from '../../api/client';
import { pageOf, withPage, withParam } from '../../lib/listParams';
import { useUrlTextParam } from '../../lib/useUrlTextParam';
import { ListContent } from '../../layout/ListContent';
import { RecordSkeleton } from '../../layout/RecordSkeleton';
import { PagedFooter } from '../../layout/PagedFooter';
import { PageHeader } from '../../layout/PageHeader';
import { BackLink, RecordUnavailable } from '../../layout/RecordUnavailable';
import { AddMembersForm } from './AddMembersForm';
import { invalidateMemberships, MEMBERS_PAGE_SIZE, membersCount, useGroup, useGroupMembers, useRemoveMembers } from './groupQueries';
import { useGroupEditing } from './useGroupEditing';
import { OptInBadge } from '../../components/OptInBadge';

function MemberRow({
  customer,
  selected,
  onSelect,
  onRemove,
}: {
  customer: CustomerDto;
  selected: boolean;
  onSelect: (selected: boolean) => void;
  onRemove: () => void;
}) {
  return (
    <Table.Tr aria-label={customer.name} aria-selected={selected}>
      <Table.Td>
        <Checkbox aria-label={`Select ${customer.name}`} checked={selected} onChange={(e) => onSelect(e.currentTarget.checked)} />
      </Table.Td>
      <Table.Td>
        <Anchor component={Link} to={`/customers/${customer.id}`} fw={500} size="sm">
          {customer.name}
        </Anchor>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{customer.phone}</Table.Td>
      <Table.Td>{customer.accountNumber}</Table.Td>
      <Table.Td>
        <OptInBadge optedIn={customer.whatsAppOptIn} />
      </Table.Td>
      <Table.Td>
        <Group justify="flex-end" wrap="nowrap">
          <Tooltip label="Remove from the group" withArrow>
            <ActionIcon variant="subtle" color="red" size="md" onClick={onRemove} aria-label={`Remove ${customer.name}`}>
              <IconUserMinus size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

/** The members of one group, searched and paged through the address; add, remove (one or the selected ones). */
function Members({ group, onAdd }: { group: GroupDto; onAdd: () => void }) {
  const id = group.id!;
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const page = pageOf(params);
  const members = useGroupMembers(id, q, page);
  const search = useUrlTextParam(q, (value) => setParams((current) => withParam(current, 'q', value)));
  const [selected, setSelected] = useState<number[]>([]);

  const items = members.data?.items ?? [];
  const total = members.data?.total ?? 0;
  const pageSize = members.data?.pageSize ?? MEMBERS_PAGE_SIZE;
  const lastPage = Math.max(1, Math.ceil(total / pageSize));

  // Removing the last members of the last page leaves it empty: show the page before instead of "no members".
  useEffect(() => {
    if (members.isPlaceholderData || !members.data || page <= lastPage) return;
    setParams((current) => withPage(current, lastPage), { replace: true });
  }, [members.data, members.isPlaceholderData, page, lastPage, setParams]);
  // Only what is on screen can be selected: a new page or search leaves the rest out.
  const selectedHere = items.filter((c) => selected.includes(c.id!));
  const allHere = items.length > 0 && selectedHere.length === items.length;

  const remove = useRemoveMembers(group, (customers) => setSelected((current) => current.filter((s) => !customers.some((c) => c.id === s))));

  const confirmRemove = (customers: CustomerDto[]) => {
    const who = customers.length === 1 ? customers[0].name : membersCount(customers.length);
    modals.openConfirmModal({
      title: `Remove ${who} from ${group.name}?`,
      centered: true,
      children: (
        <Text size="sm">
          {customers.length === 1 ? `${who} stays a customer` : 'They stay customers'}, and in any other groups; they only leave {group.name}.
        </Text>
      ),
      labels: { confirm: 'Remove', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate(customers),
    });
  };

  const toggle = (customerId: number, on: boolean) =>
    setSelected((current) => (on ? [...current, customerId] : current.filter((s) => s !== customerId)));

  return (
    <Stack gap="md">
      <Group gap="sm" align="flex-end" justify="space-between" wrap="wrap">
        <TextInput
          label="Search members"
          placeholder="Name, phone, email or account number"
          type="search"
          leftSection={<IconSearch size={16} />}
          rightSection={members.isFetching && !members.isPending ? <Loader size="xs" role="status" aria-label="Searching" /> : null}
          style={{ flex: '1 1 280px' }}
          maw={460}
          {...search}
        />
        {selectedHere.length > 0 && (
          <Button color="red" variant="light" leftSection={<IconUserMinus size={16} />} onClick={() => confirmRemove(selectedHere)} loading={remove.isPending}>
            Remove {selectedHere.length} selected
          </Button>
        )}
      </Group>

      <ListContent
        query={members}
        what="members"
        count={items.length}
        filtered={q.trim() !== ''}
        noMatch={{ title: 'No member matches', description: 'Try another search.', onClear: () => setParams(new URLSearchParams()) }}
        empty={
          <EmptyState variant="light" icon={<IconUsers />} title="No members yet" description={`Add customers to ${group.name} to message them together.`}>
            <EmptyState.Actions>
              <Button variant="light" leftSection={<IconUserPlus size={16} />} onClick={onAdd}>
                Add members
              </Button>
            </EmptyState.Actions>
          </EmptyState>
        }
      >
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="sm" horizontalSpacing="sm" highlightOnHover aria-label={`Members of ${group.name}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={40}>
                  <Checkbox
                    aria-label="Select all on this page"
                    checked={allHere}
                    indeterminate={selectedHere.length > 0 && !allHere}
                    onChange={(e) => {
                      const on = e.currentTarget.checked;
                      const ids = items.map((c) => c.id!);
                      setSelected((current) => (on ? [...new Set([...current, ...ids])] : current.filter((s) => !ids.includes(s))));
                    }}
                  />
                </Table.Th>
                <Table.Th>Name</Table.Th>
                <Table.Th>Phone</Table.Th>
                <Table.Th>Account</Table.Th>
                <Table.Th w={140}>WhatsApp</Table.Th>
                <Table.Th w={60}>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((customer) => (
                <MemberRow
                  key={customer.id}
                  customer={customer}
                  selected={selected.includes(customer.id!)}
                  onSelect={(on) => toggle(customer.id!, on)}
                  onRemove={() => confirmRemove([customer])}
                />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </ListContent>

      <PagedFooter
        page={page}
        pageSize={pageSize}
        shown={items.length}
        total={total}
        noun={['member', 'members']}
        onPage={(value) => setParams((current) => withPage(current, value))}
      />
    </Stack>
  );
}

/** One group (`/groups/:id`): its counts, its members, and the ways to change them. */
export function GroupDetailPage() {
  const { id: idParam } = useParams();
  const id = /^\d+$/.test(idParam ?? '') ? Number(idParam) : null;
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const groupQuery = useGroup(id);
  const group = groupQuery.data;
  const editing = useGroupEditing({ onDeleted: () => void navigate('/groups') });
  const [adding, setAdding] = useState(false);

  const back = { to: '/groups', label: 'All groups' };

  if (id === null || groupQuery.error) {
    return <RecordUnavailable error={id === null ? null : groupQuery.error} noun="Group" back={back} goneText="This group does not exist, or was deleted." />;
  }

  if (!group) {
    return <RecordSkeleton label="Loading group" />;
  }

  const onAdded = async (result: GroupMembersAdded, picked: number) => {
    const skipped = picked - (result.added ?? 0);
    notifications.show({
      color: 'whatsapp',
      title: 'Members added',
      message: `${membersCount(result.added)} added to ${group.name}${skipped > 0 ? ` (${skipped} already in it)` : ''}.`,
    });
    setAdding(false);
    await invalidateMemberships(queryClient);
  };

  return (
    <Container size="xl" px={0}>
      <PageHeader
        title={group.name ?? 'Group'}
        description={
          <Stack gap={4} component="span">
            <BackLink {...back} />
            {group.description && <span>{group.description}</span>}
            <span data-testid="group-counts">
              {membersCount(group.memberCount)} · {group.optedInCount ?? 0} opted in to WhatsApp
            </span>
          </Stack>
        }
        actions={
          <Group gap="sm">
            <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => editing.openEdit(group)}>
              Rename
            </Button>
            <Button variant="light" color="red" leftSection={<IconTrash size={16} />} onClick={() => editing.confirmDelete(group)} loading={editing.deleting}>
              Delete
            </Button>
            <Button leftSection={<IconUserPlus size={16} />} onClick={() => setAdding(true)}>
              Add members
            </Button>
          </Group>
        }
      />

      <Members key={group.id} group={group} onAdd={() => setAdding(true)} />

      <Modal
        opened={adding}
        onClose={() => setAdding(false)}
        title={`Add members to ${group.name}`}
        size="lg"
        closeOnClickOutside={false}
      >
        {adding && <AddMembersForm group={group} onAdded={(result, picked) => void onAdded(result, picked)} onCancel={() => setAdding(false)} />}
      </Modal>
      {editing.modal}
    </Container>
  );
}
