import { useState } from 'react';
import { Stack, Text } from '@mantine/core';
import type { GroupDto, GroupMembersAdded } from '../../api/client';
import { CustomerPicker } from '../../components/CustomerPicker';
import { groupsClient } from '../../lib/api';
import { SelectionForm } from '../../lib/SelectionForm';

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
