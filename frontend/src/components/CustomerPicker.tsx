import { useState } from 'react';
import { Group, MultiSelect, type ComboboxItem } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { CustomerDto } from '../api/client';
import { useCustomerOptions } from '../lib/queries/customers';
import { OptInBadge } from './OptInBadge';

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
