import { useState, type ComponentType, type FormEventHandler, type ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { Button, Group, Modal, Skeleton, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useForm, type FormValidateInput } from '@mantine/form';
import { IconPlus } from '@tabler/icons-react';
import { formErrorsFor, loadProblem, type FormProblem } from '../../lib/api';
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
      styles={{ title: { fontWeight: 650, fontSize: 'var(--mantine-font-size-lg)' } }}
    >
      {opened && children}
    </Modal>
  );
}

/** A profile card's list: skeleton while it loads, the failure, a sentence when there is nothing, else the table. */
export function RecordTable<T>({
  query,
  what,
  empty,
  label,
  minWidth = 520,
  columns,
  withActions = false,
  children,
}: {
  query: UseQueryResult<T[]>;
  /** "bills": for "Could not load the bills." */
  what: string;
  empty: string;
  label: string;
  minWidth?: number;
  columns: string[];
  /** A last column of buttons (see {@link RowAction}), named for screen readers only. */
  withActions?: boolean;
  children: (items: T[]) => ReactNode;
}) {
  if (query.error) return <ProblemAlert problem={loadProblem(query.error, `Could not load the ${what}.`)} />;
  if (query.isPending) return <Skeleton h={56} />;
  if (query.data.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {empty}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table verticalSpacing="xs" aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((column) => (
              <Table.Th key={column}>{column}</Table.Th>
            ))}
            {withActions && (
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children(query.data)}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
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
