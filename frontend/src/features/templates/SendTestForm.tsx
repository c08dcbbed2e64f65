import { useState } from 'react';
import { Button, Code, Divider, Group, Stack, Text, TextInput } from '@mantine/core';
import { useForm, type GetInputPropsReturnType } from '@mantine/form';
import { IconSend } from '@tabler/icons-react';
import type { MessageDto, TemplateDto, TemplateVariable } from '../../api/client';
import { type FormProblem, formErrorsFor, messagesClient } from '../../lib/api';
import { ProblemAlert } from '../../lib/ProblemAlert';
import { MessageOutcome } from './MessageOutcome';
import { MessagePreview } from './MessagePreview';
import { buildSendParameters, formPathForSendField, sampleValues, variableLabel } from './templatePayload';

export const RECIPIENT_HELP = 'A customer who opted in to WhatsApp messages, in international form, e.g. +14155550123.';

interface SendValues {
  to: string;
  parameters: Record<string, string>;
}

/** The inputs of a send: the recipient and one input per variable, labelled with the variable's label. */
export function RecipientAndParameters({
  variables,
  inputProps,
  optional = false,
}: {
  variables: TemplateVariable[];
  inputProps: (path: string) => GetInputPropsReturnType;
  /** The recipient may be left empty (the provider test then only checks the credentials). */
  optional?: boolean;
}) {
  return (
    <>
      <TextInput
        label="Recipient phone"
        description={optional ? `${RECIPIENT_HELP} Leave empty to only check the credentials.` : RECIPIENT_HELP}
        placeholder="+14155550123"
        type="tel"
        autoComplete="off"
        withAsterisk={!optional}
        data-autofocus={optional ? undefined : true}
        {...inputProps('to')}
      />
      {variables.map((v) => (
        <TextInput
          key={v.key}
          label={variableLabel(v)}
          description={
            // "Variable {{1}}" already names its placeholder.
            variableLabel(v).includes('{{') ? undefined : (
              <>
                Fills <Code fz="xs">{`{{${v.key}}}`}</Code>
              </>
            )
          }
          withAsterisk
          autoComplete="off"
          maxLength={1024}
          {...inputProps(`parameters.${v.key}`)}
        />
      ))}
    </>
  );
}

/**
 * Send one real message with a template (Templates → Send test): recipient, values prefilled with the samples,
 * a live preview; then the message's status as the provider reports it.
 */
export function SendTestForm({ template, onClose }: { template: TemplateDto; onClose: () => void }) {
  const variables = (template.variables ?? []).filter((v) => !!v.key);
  const keys = variables.map((v) => v.key!);
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [sent, setSent] = useState<MessageDto | null>(null);

  const form = useForm<SendValues>({
    mode: 'controlled',
    initialValues: { to: '', parameters: sampleValues(variables) },
    validate: {
      to: (value) => (value.trim() === '' ? 'Enter the recipient’s phone number.' : null),
      parameters: Object.fromEntries(
        variables.map((v) => [v.key!, (value: string) => (value.trim() === '' ? `Enter a value for ${variableLabel(v)}.` : null)]),
      ),
    },
  });

  const handleSubmit = async (values: SendValues) => {
    setSubmitting(true);
    setProblem(null);
    try {
      const message = await messagesClient.sendMessage({
        to: values.to.trim(),
        templateName: template.name,
        language: template.language,
        parameters: buildSendParameters(keys, values.parameters),
      });
      setSent(message);
    } catch (error) {
      const { formErrors, problem } = formErrorsFor(error, (key) => formPathForSendField(key, keys));
      form.setErrors(formErrors);
      setProblem(problem);
    } finally {
      setSubmitting(false);
    }
  };

  const preview = <MessagePreview body={template.body ?? ''} values={form.values.parameters} />;

  if (sent) {
    return (
      <Stack gap="md">
        {preview}
        <MessageOutcome message={sent} />
        <Divider />
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setSent(null)}>
            Send another
          </Button>
          <Button onClick={onClose}>Close</Button>
        </Group>
      </Stack>
    );
  }

  return (
    <form onSubmit={form.onSubmit(handleSubmit)} noValidate aria-label={`Send test of ${template.name}`}>
      <Stack gap="md">
        <ProblemAlert problem={problem} />
        {preview}
        <Text size="sm" c="dimmed">
          Sends a real WhatsApp message through the active provider.
        </Text>
        <RecipientAndParameters variables={variables} inputProps={(path) => form.getInputProps(path)} />
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onClose} disabled={submitting}>
            Cancel
          </Button>
          <Button type="submit" loading={submitting} leftSection={<IconSend size={16} />}>
            Send
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
