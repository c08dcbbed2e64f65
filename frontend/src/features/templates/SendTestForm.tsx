import { useState } from 'react';
import { Button, Divider, Group, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconSend } from '@tabler/icons-react';
import type { MessageDto, TemplateDto } from '../../api/client';
import { type FormProblem, formErrorsFor, messagesClient } from '../../lib/api';
import { ProblemAlert } from '../../lib/ProblemAlert';
import { formPathForSendField } from './templatePayload';
import { MessageOutcome } from '../../components/messages/MessageOutcome';
import { MessagePreview } from '../../components/messages/MessagePreview';
import { RecipientAndParameters } from '../../components/messages/RecipientAndParameters';
import { buildSendParameters, sampleValues, variableLabel } from '../../lib/templates';

interface SendValues {
  to: string;
  parameters: Record<string, string>;
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

  const preview = <MessagePreview body={template.body ?? ''} values={form.values.parameters} header={template.header} footer={template.footer} buttons={template.buttons} />;

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
