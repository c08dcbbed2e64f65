import { useState, type ReactNode } from 'react';
import { Group, MultiSelect, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { CustomerDto, GroupDto } from '../../api/client';
import { toApiError } from '../../lib/api';
import { OptInBadge } from '../customers/OptInBadge';
import { useCustomers } from '../customers/customerQueries';
import { useGroups } from './broadcastQueries';

/** How many customers the picker offers for one search. */
export const CUSTOMER_OPTIONS = 20;

const plural = (n: number | undefined, one: string, many = `${one}s`) => `${n ?? 0} ${n === 1 ? one : many}`;

export const groupCounts = (group: GroupDto) => `${plural(group.memberCount, 'member')}, ${group.optedInCount ?? 0} opted in`;

interface PickerProps {
  value: number[];
  onChange: (value: number[]) => void;
  error?: ReactNode;
}

/** Groups to send to, each offered with how many members it has and how many of them opted in. */
export function GroupPicker({ value, onChange, error }: PickerProps) {
  const groups = useGroups();
  const list = groups.data ?? [];
  const byId = new Map(list.map((g) => [g.id, g]));
  return (
    <MultiSelect<number>
      label="Groups"
      placeholder={value.length === 0 ? 'Choose groups' : undefined}
      description="Members of any chosen group; someone in two groups gets one message."
      data={list.filter((g) => typeof g.id === 'number').map((g) => ({ value: g.id!, label: g.name ?? `Group ${g.id}` }))}
      renderOption={({ option }) => {
        const group = byId.get(option.value);
        return (
          <Stack gap={0}>
            <Text size="sm">{option.label}</Text>
            {group && (
              <Text size="xs" c="dimmed">
                {groupCounts(group)}
              </Text>
            )}
          </Stack>
        );
      }}
      value={value}
      onChange={onChange}
      error={error ?? (groups.error ? `Could not load the groups: ${toApiError(groups.error).message}` : undefined)}
      searchable
      clearable
      withAsterisk
      nothingFoundMessage={groups.isPending ? 'Loading groups…' : list.length === 0 ? 'No groups yet' : 'No group matches'}
    />
  );
}

function customerLabel(customer: CustomerDto) {
  return `${customer.name ?? `Customer ${customer.id}`} · ${customer.phone ?? ''}`;
}

/** Customers to send to, searched on the server (name, phone, account number) as the user types. */
export function CustomerPicker({ value, onChange, error }: PickerProps) {
  const [search, setSearch] = useState('');
  const [term] = useDebouncedValue(search, 250);
  const customers = useCustomers(term, null, 1, CUSTOMER_OPTIONS);
  // The chosen customers stay labelled when a later search no longer finds them.
  const [chosen, setChosen] = useState<Map<number, CustomerDto>>(new Map());
  const found = (customers.data?.items ?? []).filter((c) => typeof c.id === 'number');
  const byId = new Map([...chosen, ...found.map((c) => [c.id!, c] as const)]);
  const options = [
    ...value.map((id) => byId.get(id) ?? { id, name: `Customer ${id}` }),
    ...found.filter((c) => !value.includes(c.id!)),
  ];

  const change = (ids: number[]) => {
    setChosen(new Map(ids.map((id) => [id, byId.get(id) ?? { id }])));
    onChange(ids);
  };

  return (
    <MultiSelect<number>
      label="Customers"
      placeholder={value.length === 0 ? 'Search by name, phone or account number' : undefined}
      description="Those who have not opted in are counted as skipped."
      data={options.map((c) => ({ value: c.id!, label: customerLabel(c) }))}
      renderOption={({ option }) => {
        const customer = byId.get(option.value);
        return (
          <Group gap="xs" wrap="nowrap" justify="space-between" w="100%">
            <Text size="sm">{option.label}</Text>
            {customer && !customer.whatsAppOptIn && <OptInBadge optedIn={false} />}
          </Group>
        );
      }}
      value={value}
      onChange={change}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      // The server has searched already (also account numbers, which the labels do not show).
      filter={({ options: all }) => all}
      clearable
      withAsterisk
      error={error ?? (customers.error ? `Could not load the customers: ${toApiError(customers.error).message}` : undefined)}
      nothingFoundMessage={customers.isFetching ? 'Searching…' : 'No customer matches'}
    />
  );
}
