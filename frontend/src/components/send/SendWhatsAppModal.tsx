import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Anchor, Button, Divider, Group, Loader, Modal, Select, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle, IconSend } from '@tabler/icons-react';
import type { CustomerDto, MessageDto, SampleMessage, TemplateDto } from '../../api/client';
import { toApiError, type FormProblem } from '../../lib/api';
import { useFocusFirstInvalid } from '../../lib/focusFirstInvalid';
import { FIX_FIELDS_TEXT, useServerFormErrors } from '../../lib/useServerFormErrors';
import { ProblemAlert } from '../../lib/ProblemAlert';
import { previewQuery, useBroadcastPreview, useVariableFields } from '../../lib/queries/broadcasts';
import { useSendMessage } from '../../lib/queries/messages';
import { useTemplates } from '../../lib/queries/templates';
import {
  formPathForCustomerSendField,
  initialSendToCustomerValues,
  previewForCustomer,
  validateSendToCustomer,
  whyNotReceivable,
  type SendToCustomerValues,
} from '../../lib/sendToCustomer';
import { notSendableReason, variableKeys } from '../../lib/templates';
import { MessageOutcome } from '../messages/MessageOutcome';
import { MessagePreview } from '../messages/MessagePreview';
import { TemplateVariableInputs } from '../VariableInput';

function SentResult({ template, sample, message, onAgain, onClose }: {
  template: TemplateDto;
  sample: SampleMessage;
  message: MessageDto;
  onAgain: () => void;
  onClose: () => void;
}) {
  // The form the focus was in is gone: the keyboard lands on the result's Close, right after the status.
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), []);
  return (
    <Stack gap="md">
      <MessagePreview body={template.body ?? ''} values={sample.parameters ?? {}} label="Message sent" />
      <MessageOutcome message={message} />
      <Divider />
      <Group justify="flex-end">
        <Button variant="default" onClick={onAgain}>
          Send another
        </Button>
        <Button ref={close} onClick={onClose}>
          Close
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * One template to one customer: a sendable template, its variables as fixed text or customer fields (as in Compose),
 * the message as this customer will read it (resolved by the server), then the result and its status timeline.
 */
function SendWhatsAppForm({ customer, onClose }: { customer: CustomerDto; onClose: () => void }) {
  const queryClient = useQueryClient();
  const templates = useTemplates('', 'APPROVED');
  const fields = useVariableFields();
  const send = useSendMessage();
  const [formRef, focusFirstInvalid] = useFocusFirstInvalid();
  const form = useForm<SendToCustomerValues>({ mode: 'controlled', initialValues: initialSendToCustomerValues });
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [checking, setChecking] = useState(false);
  const [sent, setSent] = useState<{ message: MessageDto; sample: SampleMessage; template: TemplateDto } | null>(null);

  const sendable = (templates.data ?? []).filter((t) => typeof t.id === 'number' && notSendableReason(t) === null);
  const template = sendable.find((t) => t.id === form.values.templateId);
  const keys = variableKeys(template);
  const ready = !!template && keys.every((k) => (form.values.variables[k] ?? '').trim() !== '');
  const { query: preview, current } = useBroadcastPreview(ready ? previewForCustomer(customer.id!, template, form.values) : null);
  const mapKey = (key: string) => formPathForCustomerSendField(key, keys);
  const { errorOf, showErrors, previewVerdict } = useServerFormErrors({
    form, previewError: ready ? preview.error : null, mapKey, setProblem, focusFirstInvalid,
  });
  const sample = ready ? preview.data?.sample : null;
  const blocked = ready && current ? whyNotReceivable(customer, preview.data?.counts, sample) : null;

  const chooseTemplate = (id: string | null) => {
    const chosen = sendable.find((t) => String(t.id) === id);
    form.setValues({ templateId: chosen?.id ?? null, variables: Object.fromEntries(variableKeys(chosen).map((k) => [k, ''])) });
    form.clearErrors();
    setProblem(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const errors = validateSendToCustomer(form.values, template);
    form.setErrors(errors);
    if (Object.keys(errors).length > 0 || !template) {
      setProblem({ message: FIX_FIELDS_TEXT, details: [] });
      focusFirstInvalid();
      return;
    }
    // Resolved afresh: the customer's fields (or consent) may have changed since the preview.
    setChecking(true);
    try {
      const checked = await queryClient.fetchQuery(previewQuery(previewForCustomer(customer.id!, template, form.values)));
      const reason = whyNotReceivable(customer, checked.counts, checked.sample);
      if (reason || !checked.sample) {
        setProblem({ message: reason ?? `${customer.name} cannot be sent this message.`, details: [] });
        return;
      }
      const message = await send.mutateAsync({
        to: customer.phone,
        templateName: template.name,
        language: template.language,
        parameters: checked.sample.parameters ?? {},
      });
      setSent({ message, sample: checked.sample, template });
    } catch (error) {
      showErrors(error);
    } finally {
      setChecking(false);
    }
  };

  if (sent) return <SentResult {...sent} onAgain={() => setSent(null)} onClose={onClose} />;

  const noTemplates = !templates.isPending && !templates.error && sendable.length === 0;

  return (
    <form ref={formRef} onSubmit={(e) => void submit(e)} noValidate aria-label={`Send WhatsApp to ${customer.name}`}>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          To <Text span inherit c="var(--mantine-color-text)">{customer.phone}</Text>, through the active provider.
        </Text>
        {!customer.whatsAppOptIn && (
          <Alert color="yellow" icon={<IconAlertTriangle />} title="Not opted in" p="xs">
            <Text size="sm">{customer.name} has not opted in to WhatsApp messages: no message can be sent to them until they do.</Text>
          </Alert>
        )}
        <ProblemAlert problem={problem} />
        <Select
          label="Template"
          placeholder={templates.isPending ? 'Loading templates…' : 'Choose a template'}
          data={sendable.map((t) => ({ value: String(t.id), label: `${t.name} (${t.language})` }))}
          value={form.values.templateId === null ? null : String(form.values.templateId)}
          onChange={chooseTemplate}
          error={errorOf('templateId') ?? (templates.error ? `Could not load the templates: ${toApiError(templates.error).message}` : undefined)}
          searchable
          withAsterisk
          nothingFoundMessage="No sendable template matches"
        />
        {noTemplates && (
          <Text size="sm" c="dimmed">
            No template can be sent through the active provider yet. Sync them on the{' '}
            <Anchor component={Link} to="/whatsapp/templates" inherit underline="always">
              Templates
            </Anchor>{' '}
            page.
          </Text>
        )}
        {template && (
          <TemplateVariableInputs
            template={template}
            fields={fields.data ?? []}
            values={form.values.variables}
            onChange={(key, text) => {
              form.setFieldValue(`variables.${key}`, text);
              form.clearFieldError(`variables.${key}`);
            }}
            errorOf={(key) => errorOf(`variables.${key}`)}
          />
        )}
        {template && (
          <Stack gap={4}>
            <Group gap="xs">
              <Text size="sm" fw={500}>
                What {customer.name} reads
              </Text>
              {ready && (preview.isFetching || !current) && <Loader size="xs" type="dots" role="status" aria-label="Updating the preview" />}
            </Group>
            <MessagePreview body={template.body ?? ''} values={sample?.parameters ?? {}} emptyText="" />
          </Stack>
        )}
        {previewVerdict?.problem && <ProblemAlert problem={previewVerdict.problem} />}
        {blocked && (
          <Alert color="yellow" icon={<IconAlertTriangle />} p="xs" role="status">
            <Text size="sm">{blocked}</Text>
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={checking}>
            Cancel
          </Button>
          <Button type="submit" loading={checking} leftSection={<IconSend size={16} />}>
            Send
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** "Send WhatsApp" to one customer, from their profile or their row in the customer list. */
export function SendWhatsAppModal({ customer, opened, onClose }: { customer: CustomerDto | null; opened: boolean; onClose: () => void }) {
  return (
    <Modal
      opened={opened && customer !== null}
      onClose={onClose}
      title={customer ? `Send WhatsApp to ${customer.name}` : 'Send WhatsApp'}
      size="lg"
      closeOnClickOutside={false}
      closeButtonProps={{ 'aria-label': 'Close Send WhatsApp' }}
    >
      {customer && <SendWhatsAppForm key={customer.id} customer={customer} onClose={onClose} />}
    </Modal>
  );
}

/** The button that opens {@link SendWhatsAppModal} for one customer. */
export function SendWhatsAppButton({ customer, compact = false }: { customer: CustomerDto; compact?: boolean }) {
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button
        size={compact ? 'compact-sm' : 'sm'}
        variant={compact ? 'light' : 'filled'}
        leftSection={<IconSend size={compact ? 14 : 16} aria-hidden />}
        onClick={() => setOpened(true)}
        aria-label={compact ? `Send WhatsApp to ${customer.name}` : undefined}
      >
        Send WhatsApp
      </Button>
      <SendWhatsAppModal customer={customer} opened={opened} onClose={() => setOpened(false)} />
    </>
  );
}
