import { useState, type ComponentType, type FormEventHandler, type ReactNode } from 'react';
import { Button, Group, Modal, Stack, Table } from '@mantine/core';
import { useForm, type FormValidateInput } from '@mantine/form';
import { IconPlus } from '@tabler/icons-react';
import { formErrorsFor, type FormProblem } from '../../lib/api';
import { FormActions } from '../../lib/FormActions';
import { ProblemAlert } from '../../lib/ProblemAlert';

/**
 * A form that saves a billing or support record: the server's field errors go on their inputs (`fields` maps the
 * server's keys, any case, to the form's paths), anything else to the form's alert.
 */
export function useRecordForm<V extends Record<string, unknown>, R>({
  initialValues,
  validate,
  fields,
  submit,
  onSaved,
}: {
  initialValues: V;
  validate?: FormValidateInput<V>;
  fields: readonly (keyof V & string)[];
  submit: (values: V) => Promise<R>;
  onSaved: (result: R) => void;
}) {
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const form = useForm<V>({ mode: 'controlled', initialValues, validate });

  const onSubmit = form.onSubmit(async (values) => {
    setSubmitting(true);
    setProblem(null);
    try {
      onSaved(await submit(values));
    } catch (error) {
      const result = formErrorsFor(error, (key) => fields.find((f) => f.toLowerCase() === key.toLowerCase()));
      form.setErrors(result.formErrors);
      setProblem(result.problem);
    } finally {
      setSubmitting(false);
    }
  });

  return { form, submitting, problem, onSubmit };
}

/** The frame of such a form: its alert, its inputs, Cancel and the submit button. */
export function RecordFormFrame({
  label,
  problem,
  submitting,
  submitLabel,
  onSubmit,
  onCancel,
  children,
}: {
  label: string;
  problem: FormProblem | null;
  submitting: boolean;
  submitLabel: string;
  onSubmit: FormEventHandler<HTMLFormElement>;
  onCancel: () => void;
  children: ReactNode;
}) {
  return (
    <form noValidate aria-label={label} onSubmit={onSubmit}>
      <Stack gap="md">
        <ProblemAlert problem={problem} />
        {children}
        <FormActions submitting={submitting} submitLabel={submitLabel} onCancel={onCancel} />
      </Stack>
    </form>
  );
}

/** A titled dialog whose form is mounted only while it is open (each opening starts afresh). */
export function RecordModal({ title, opened, onClose, children }: { title: string; opened: boolean; onClose: () => void; children: ReactNode }) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={title}
      closeOnClickOutside={false}
    >
      {opened && children}
    </Modal>
  );
}

type Icon = ComponentType<{ size?: number }>;

/** The action cell of a record's row: one button, right-aligned, named for the record it acts on. */
export function RowAction({ icon: Icon, label, name, onClick }: { icon: Icon; label: string; name: string; onClick: () => void }) {
  return (
    <Table.Td>
      <Group justify="flex-end">
        <Button size="xs" variant="default" leftSection={<Icon size={14} />} onClick={onClick} aria-label={name}>
          {label}
        </Button>
      </Group>
    </Table.Td>
  );
}

/** A card's button that adds a record ("New bill"). */
export function CardAction({ icon: Icon = IconPlus, label, onClick, loading }: { icon?: Icon; label: string; onClick: () => void; loading?: boolean }) {
  return (
    <Button size="xs" variant="light" leftSection={<Icon size={14} />} onClick={onClick} loading={loading}>
      {label}
    </Button>
  );
}
