import { MultiSelect, Stack, Text } from '@mantine/core';
import type { GroupDto } from '../../api/client';
import { toApiError } from '../../lib/api';
import { useGroups } from '../../lib/queries/groups';

const plural = (n: number | undefined, one: string, many = `${one}s`) => `${n ?? 0} ${n === 1 ? one : many}`;

export const groupCounts = (group: GroupDto) => `${plural(group.memberCount, 'member')}, ${group.optedInCount ?? 0} opted in`;

interface PickerProps {
  value: number[];
  onChange: (value: number[]) => void;
  error?: string;
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
