import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Divider, Fieldset, Group, Select, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertCircle, IconCircleCheck, IconPlugConnected } from '@tabler/icons-react';
import type { ProviderDto, ProviderTestRequest, ProviderTestResult, TemplateDto } from '../../api/client';
import { type FormProblem, formErrorsFor, providersClient, templatesClient } from '../../lib/api';
import { ProblemAlert } from '../../lib/ProblemAlert';
import { MessageOutcome } from '../../components/messages/MessageOutcome';
import { MessagePreview } from '../../components/messages/MessagePreview';
import { RecipientAndParameters } from '../../components/messages/RecipientAndParameters';
import { templatesKey } from '../../lib/queries/templates';
import { buildSendParameters, sampleValues } from '../../lib/templates';

interface TestValues {
  to: string;
  templateId: string | null;
  parameters: Record<string, string>;
}

/** The approved templates bound to this provider: the only ones a test can send through it. */
export function testableTemplates(templates: TemplateDto[] | undefined, providerId: number | undefined): TemplateDto[] {
  return (templates ?? []).filter((t) => t.status === 'APPROVED' && (t.bindings ?? []).some((b) => b.providerId === providerId));
}

/** The request: empty for a credential check; with a number, the template and its parameters for a test send. */
export function buildProviderTestRequest(values: TestValues, template: TemplateDto | undefined): ProviderTestRequest {
  const to = values.to.trim();
  if (to === '') return {};
  const keys = (template?.variables ?? []).map((v) => v.key).filter((k): k is string => !!k);
  return {
    to,
    templateId: values.templateId ? Number(values.templateId) : null,
    parameters: buildSendParameters(keys, values.parameters),
  };
}

function formPath(serverKey: string, keys: string[]): string | undefined {
  const key = serverKey.trim();
  const lower = key.toLowerCase();
  if (lower === 'to') return 'to';
  if (lower === 'templateid' || lower === 'templatename') return 'templateId';
  if (key.startsWith('parameters.') && keys.includes(key.slice('parameters.'.length))) return key;
  return undefined;
}

/**
 * Settings → WhatsApp → Test: checks a provider's credentials against its API and, with a number and a template,
 * sends that template through this provider (active or not), then follows the message's status.
 */
export function ProviderTestForm({ provider, onClose }: { provider: ProviderDto; onClose: () => void }) {
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [result, setResult] = useState<ProviderTestResult | null>(null);
  const templates = useQuery({
    queryKey: [...templatesKey, { q: '', status: 'APPROVED' }],
    queryFn: ({ signal }) => templatesClient.listTemplates(null, 'APPROVED', signal),
  });
  const options = testableTemplates(templates.data, provider.id);

  const form = useForm<TestValues>({
    mode: 'controlled',
    initialValues: { to: '', templateId: null, parameters: {} },
    validate: {
      to: (value, values) => (value.trim() === '' && values.templateId ? 'Enter the number to send the template to.' : null),
      templateId: (value, values) => (values.to.trim() !== '' && !value ? 'Choose the template to send.' : null),
    },
  });

  const template = options.find((t) => String(t.id) === form.values.templateId);
  const variables = (template?.variables ?? []).filter((v) => !!v.key);
  const keys = variables.map((v) => v.key!);
  const sending = form.values.to.trim() !== '';

  const handleSubmit = async (values: TestValues) => {
    setSubmitting(true);
    setProblem(null);
    setResult(null);
    try {
      setResult(await providersClient.testProvider(provider.id!, buildProviderTestRequest(values, template)));
    } catch (error) {
      const { formErrors, problem } = formErrorsFor(error, (key) => formPath(key, keys));
      form.setErrors(formErrors);
      setProblem(problem);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <form onSubmit={form.onSubmit(handleSubmit)} noValidate aria-label={`Test ${provider.name}`}>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          Checks the credentials against {provider.name}’s API. To also send a real message through this provider, enter a number and
          choose a template.
        </Text>

        <Fieldset legend="Test message (optional)" radius="md">
          <Stack gap="sm">
            <Select
              label="Template"
              placeholder={templates.isPending ? 'Loading templates…' : options.length === 0 ? 'No approved template is bound to this provider' : 'Choose a template'}
              description="Approved templates bound to this provider."
              data={options.map((t) => ({ value: String(t.id), label: `${t.name} (${t.language})` }))}
              disabled={options.length === 0}
              clearable
              comboboxProps={{ withinPortal: true }}
              {...form.getInputProps('templateId')}
              onChange={(value) => {
                const chosen = options.find((t) => String(t.id) === value);
                form.setValues({ templateId: value, parameters: sampleValues(chosen?.variables) });
                form.clearFieldError('templateId');
              }}
            />
            <RecipientAndParameters variables={variables} inputProps={(path) => form.getInputProps(path)} optional />
            {template && <MessagePreview body={template.body ?? ''} values={form.values.parameters} header={template.header} footer={template.footer} buttons={template.buttons} />}
          </Stack>
        </Fieldset>

        <ProblemAlert problem={problem} />

        {result && (
          <Stack gap="sm" data-testid="provider-test-result">
            <Alert
              color={result.ok ? 'whatsapp' : 'red'}
              icon={result.ok ? <IconCircleCheck /> : <IconAlertCircle />}
              title={result.ok ? 'Test passed' : 'Test failed'}
              role="status"
            >
              <Text size="sm">{result.message}</Text>
            </Alert>
            {result.sentMessage && <MessageOutcome message={result.sentMessage} />}
            <Divider />
          </Stack>
        )}

        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={submitting}>
            Close
          </Button>
          <Button type="submit" loading={submitting} leftSection={<IconPlugConnected size={16} />}>
            {sending ? 'Check and send' : 'Check credentials'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
