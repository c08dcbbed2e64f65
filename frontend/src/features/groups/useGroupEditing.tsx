import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import type { GroupDto } from '../../api/client';
import { GroupFormModal, type GroupEditor } from './GroupForm';
import { groupKey, invalidateMemberships, membersCount, useDeleteGroup } from './groupQueries';

/**
 * Creating, renaming and deleting groups, for the pages that offer it: `modal` is to be rendered by the page. A new
 * group opens at once (to add its members); `onDeleted` runs after a deletion (the group's page leaves).
 */
export function useGroupEditing({ onDeleted }: { onDeleted?: (group: GroupDto) => void } = {}) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [editor, setEditor] = useState<GroupEditor>(null);

  const remove = useDeleteGroup(onDeleted);

  const confirmDelete = (group: GroupDto) =>
    modals.openConfirmModal({
      title: `Delete group ${group.name}?`,
      centered: true,
      children: (
        <Text size="sm">
          The group <strong>{group.name}</strong> is deleted. Its {membersCount(group.memberCount)} are not: they only leave the group.
        </Text>
      ),
      labels: { confirm: 'Delete group', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate(group),
    });

  const onSaved = async (saved: GroupDto, mode: 'create' | 'edit') => {
    notifications.show({
      color: 'whatsapp',
      title: mode === 'create' ? 'Group created' : 'Group saved',
      message: mode === 'create' ? `${saved.name} was created. Add its members.` : `${saved.name} was updated.`,
    });
    setEditor(null);
    queryClient.setQueryData(groupKey(saved.id!), saved);
    if (mode === 'create') void navigate(`/groups/${saved.id}`);
    // A new name shows on the customers' profiles too.
    await invalidateMemberships(queryClient);
  };

  return {
    openCreate: () => setEditor({ mode: 'create' }),
    openEdit: (group: GroupDto) => setEditor({ mode: 'edit', group }),
    confirmDelete,
    deleting: remove.isPending,
    modal: <GroupFormModal editor={editor} onClose={() => setEditor(null)} onSaved={(saved, mode) => void onSaved(saved, mode)} />,
  };
}
