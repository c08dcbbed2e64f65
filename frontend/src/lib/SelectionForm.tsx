import { useState, type ReactNode } from 'react';
import { Stack } from '@mantine/core';
import { formErrorsFor, type FormProblem } from './apiErrors';
import { FormActions } from './FormActions';
import { ProblemAlert } from './ProblemAlert';

/**
 * A form around one pick (customers for a group, groups for a customer): saves the picked `value`, and shows a refusal
 * of the server's field `field` on the pick (`children` renders it with that error) and anything else in an alert.
 */
export function SelectionForm<V>({
  label,
  value,
  field,
  validate,
  save,
  submitLabel,
  onCancel,
  children,
}: {
  /** The form's accessible name. */
  label: string;
  value: V;
  field: string;
  /** A message when the pick cannot be sent as it is. */
  validate?: (value: V) => string | undefined;
  save: (value: V) => Promise<void>;
  submitLabel: string;
  onCancel: () => void;
  children: (error: string | undefined) => ReactNode;
}) {
  const [submitting, setSubmitting] = useState(false);
  // The complaint remembers the pick it was about: a new pick answers it.
  const [complaint, setComplaint] = useState<{ about: V; text: string | undefined } | null>(null);
  const error = complaint !== null && complaint.about === value ? complaint.text : undefined;
  const setError = (text: string | undefined) => setComplaint({ about: value, text });
  const [problem, setProblem] = useState<FormProblem | null>(null);

  const submit = async () => {
    const invalid = validate?.(value);
    setError(invalid);
    setProblem(null);
    if (invalid) return;
    setSubmitting(true);
    try {
      await save(value);
    } catch (e) {
      const result = formErrorsFor(e, (key) => (key.toLowerCase() === field.toLowerCase() ? field : undefined));
      setError(result.formErrors[field]);
      setProblem(result.problem);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <form
      noValidate
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Stack gap="md">
        <ProblemAlert problem={problem} />
        {children(error)}
        <FormActions submitting={submitting} submitLabel={submitLabel} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
