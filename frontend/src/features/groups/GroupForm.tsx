import { useState } from 'react';
import { Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { GroupDto } from '../../api/client';
import { formErrorsFor, groupsClient, type FormProblem } from '../../lib/api';
import { ProblemAlert } from '../../lib/ProblemAlert';
import { useFocusFirstInvalid } from '../../lib/focusFirstInvalid';

export const GROUP_NAME_MAX = 100;
export const GROUP_DESCRIPTION_MAX = 500;

interface GroupFormValues {
  name: string;
  description: string;
}

const FORM_FIELDS: Record<string, keyof GroupFormValues> = { name: 'name', description: 'description' };

/** The group to rename, or null to create one. */
function GroupForm({ group, onSaved, onCancel }: { group: GroupDto | null; onSaved: (saved: GroupDto) => void; onCancel: () => void }) {
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [formRef, focusFirstInvalid] = useFocusFirstInvalid();
  const form = useForm<GroupFormValues>({
    mode: 'controlled',
    initialValues: { name: group?.name ?? '', description: group?.description ?? '' },
    validate: {
      name: (value) =>
        value.trim() === '' ? 'Enter a name for the group.' : value.trim().length > GROUP_NAME_MAX ? `At most ${GROUP_NAME_MAX} characters.` : null,
      description: (value) => (value.trim().length > GROUP_DESCRIPTION_MAX ? `At most ${GROUP_DESCRIPTION_MAX} characters.` : null),
    },
  });

  const handleSubmit = async (values: GroupFormValues) => {
    setSubmitting(true);
    setProblem(null);
    // An emptied description is sent as '', which clears it.
    const payload = { name: values.name.trim(), description: values.description.trim() };
    try {
      onSaved(group ? await groupsClient.updateGroup(group.id!, payload) : await groupsClient.createGroup(payload));
    } catch (error) {
      const { formErrors, problem } = formErrorsFor(error, (key) => FORM_FIELDS[key.trim().toLowerCase()]);
      form.setErrors(formErrors);
      setProblem(problem);
      focusFirstInvalid();
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <form ref={formRef} onSubmit={form.onSubmit(handleSubmit, focusFirstInvalid)} noValidate aria-label={group ? `Rename ${group.name}` : 'New group'}>
      <Stack gap="md">
        <ProblemAlert problem={problem} />
        <TextInput
          label="Name"
          description="Unique, whatever the case, e.g. “Downtown fiber”."
          withAsterisk
          maxLength={GROUP_NAME_MAX}
          autoComplete="off"
          data-autofocus
          {...form.getInputProps('name')}
        />
        <Textarea
          label="Description"
          description="Optional: who is in it, what it is for."
          rows={3}
          maxLength={GROUP_DESCRIPTION_MAX}
          {...form.getInputProps('description')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} disabled={submitting}>
            Cancel
          </Button>
          <Button type="submit" loading={submitting} disabled={!!group && !form.isDirty()}>
            {group ? 'Save' : 'Create group'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** What the group modal is doing: creating a group, renaming one, or closed. */
export type GroupEditor = { mode: 'create' } | { mode: 'edit'; group: GroupDto } | null;

/** The modal to create a group or to rename one (and change its description). */
export function GroupFormModal({
  editor,
  onClose,
  onSaved,
}: {
  editor: GroupEditor;
  onClose: () => void;
  onSaved: (saved: GroupDto, mode: 'create' | 'edit') => void;
}) {
  const group = editor?.mode === 'edit' ? editor.group : null;
  return (
    <Modal
      opened={editor !== null}
      onClose={onClose}
      title={group ? `Edit group ${group.name}` : 'New group'}
      size="lg"
      closeOnClickOutside={false}
    >
      {editor && (
        <GroupForm
          key={group ? `edit-${group.id}` : 'create'}
          group={group}
          onSaved={(saved) => onSaved(saved, editor.mode)}
          onCancel={onClose}
        />
      )}
    </Modal>
  );
}
