import { useState } from 'react';
import { Group, MultiSelect, Stack, Text, type ComboboxItem } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { CustomerDto, GroupDto, GroupMembersAdded } from '../../api/client';
import { groupsClient } from '../../lib/api';
import { SelectionForm } from '../../lib/SelectionForm';
import { OptInBadge } from '../customers/OptInBadge';
import { useCustomerOptions } from './groupQueries';

const customerOption = (c: CustomerDto): ComboboxItem<number> => ({
  value: c.id!,
  label: [c.name, c.phone, c.accountNumber].filter(Boolean).join(' · '),
});

/** A searchable pick of customers: the server searches by name, phone, email or account number as one types. */
export function CustomerPicker({
  value,
  onChange,
  error,
  label = 'Customers',
}: {
  value: number[];
  onChange: (ids: number[]) => void;
  error?: string;
  label?: string;
}) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const options = useCustomerOptions(debounced);
  const customers = options.data?.items ?? [];
  const data = customers.map(customerOption);
  const more = (options.data?.total ?? 0) - data.length;

  return (
    <MultiSelect<number>
      label={label}
      description={more > 0 ? `Showing the first ${data.length} of ${options.data?.total} matches: type to narrow them down.` : 'Type a name, phone, email or account number.'}
      placeholder={value.length === 0 ? 'Search customers' : undefined}
      data={data}
      // Whether they may be messaged matters wherever customers are picked: say it for those who may not.
      renderOption={({ option }) => (
        <Group gap="xs" wrap="nowrap" justify="space-between" w="100%">
          <span>{option.label}</span>
          {customers.find((c) => c.id === option.value)?.whatsAppOptIn === false && <OptInBadge optedIn={false} />}
        </Group>
      )}
      value={value}
      onChange={onChange}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      // The server has searched already, over more than a name.
      filter={({ options }) => options}
      nothingFoundMessage={options.isFetching ? 'Searching…' : 'No customer matches'}
      hidePickedOptions
      clearable
      error={error}
      maxDropdownHeight={280}
      comboboxProps={{ withinPortal: true }}
      data-autofocus
    />
  );
}

/** Adds the picked customers to a group; those already in it are skipped by the server. */
export function AddMembersForm({
  group,
  onAdded,
  onCancel,
}: {
  group: GroupDto;
  onAdded: (result: GroupMembersAdded, picked: number) => void;
  onCancel: () => void;
}) {
  const [ids, setIds] = useState<number[]>([]);
  return (
    <SelectionForm
      label={`Add members to ${group.name}`}
      value={ids}
      field="customerIds"
      validate={(picked) => (picked.length === 0 ? 'Pick at least one customer.' : undefined)}
      save={async (picked) => onAdded(await groupsClient.addGroupMembers(group.id!, { customerIds: picked }), picked.length)}
      submitLabel={ids.length > 1 ? `Add ${ids.length} customers` : 'Add to group'}
      onCancel={onCancel}
    >
      {(error) => (
        <Stack gap={6}>
          <CustomerPicker value={ids} onChange={setIds} error={error} />
          <Text size="sm" c="dimmed">
            Customers already in {group.name} are left as they are.
          </Text>
        </Stack>
      )}
    </SelectionForm>
  );
}
