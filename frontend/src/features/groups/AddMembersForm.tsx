import { useState } from 'react';
import { Button, Group, MultiSelect, Stack, Text, type ComboboxItem } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { CustomerDto, GroupDto, GroupMembersAdded } from '../../api/client';
import { formErrorsFor, groupsClient, type FormProblem } from '../../lib/api';
import { ProblemAlert } from '../../lib/ProblemAlert';
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
  const data = (options.data?.items ?? []).map(customerOption);
  const more = (options.data?.total ?? 0) - data.length;

  return (
    <MultiSelect<number>
      label={label}
      description={more > 0 ? `Showing the first ${data.length} of ${options.data?.total} matches: type to narrow them down.` : 'Type a name, phone, email or account number.'}
      placeholder={value.length === 0 ? 'Search customers' : undefined}
      data={data}
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
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [problem, setProblem] = useState<FormProblem | null>(null);

  const submit = async () => {
    if (ids.length === 0) {
      setError('Pick at least one customer.');
      return;
    }
    setSubmitting(true);
    setError(undefined);
    setProblem(null);
    try {
      onAdded(await groupsClient.addGroupMembers(group.id!, { customerIds: ids }), ids.length);
    } catch (e) {
      const { formErrors, problem } = formErrorsFor(e, (key) => (key.toLowerCase() === 'customerids' ? 'customerIds' : undefined));
      setError(formErrors.customerIds);
      setProblem(problem);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <form
      noValidate
      aria-label={`Add members to ${group.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Stack gap="md">
        <ProblemAlert problem={problem} />
        <CustomerPicker
          value={ids}
          onChange={(next) => {
            setIds(next);
            setError(undefined);
          }}
          error={error}
        />
        <Text size="sm" c="dimmed">
          Customers already in {group.name} are left as they are.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} disabled={submitting}>
            Cancel
          </Button>
          <Button type="submit" loading={submitting}>
            {ids.length > 1 ? `Add ${ids.length} customers` : 'Add to group'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
