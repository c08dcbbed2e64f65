import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Anchor,
  Button,
  Code,
  Container,
  Fieldset,
  Grid,
  Group,
  Paper,
  Radio,
  Select,
  Stack,
  Text,
  TextInput,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { IconAlertTriangle, IconClock, IconRestore, IconSend } from '@tabler/icons-react';
import type { BroadcastPreviewDto, CreateBroadcastRequest } from '../../api/client';
import { toApiError, type FormProblem } from '../../lib/api';
import { formatDateTime, plural } from '../../lib/format';
import { ProblemAlert } from '../../lib/ProblemAlert';
import { PageHeader } from '../../layout/PageHeader';
import { GroupPicker } from './GroupPicker';
import { useCreateBroadcast } from './broadcastQueries';
import { previewQuery, useBroadcastPreview, useVariableFields } from '../../lib/queries/broadcasts';
import { buildCreateRequest, buildPreviewRequest, formPathForBroadcastField, initialComposeValues, localInputToUtcIso, readyToPreview, toLocalInputValue, validateCompose, variableKeys, type ComposeValues } from './composePayload';
import { PreviewPanel } from './PreviewPanel';
import { clearDraft, loadDraft, saveDraft } from './composeDraft';
import { useFocusFirstInvalid } from '../../lib/focusFirstInvalid';
import { FIX_FIELDS_TEXT, useServerFormErrors } from '../../lib/useServerFormErrors';
import { RecentBroadcasts } from './RecentBroadcasts';
import { TemplateVariableInputs } from '../../components/VariableInput';
import { notSendableReason } from '../../lib/templates';
import { useTemplates } from '../../lib/queries/templates';
import { CustomerPicker } from '../../components/CustomerPicker';
import { SetupGuide } from '../../components/setup/SetupGuide';

export const NOBODY_TEXT = 'Nobody in this audience can receive the message. See the preview for why.';

/** A numbered step of the page: a section named by its title. */
function StepCard({ step, title, children }: { step: number; title: string; children: ReactNode }) {
  const id = useId();
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={id}>
      <Group gap="sm" mb="sm" wrap="nowrap">
        <ThemeIcon radius="xl" size={26} variant="light" aria-hidden>
          <Text size="sm" fw={700}>
            {step}
          </Text>
        </ThemeIcon>
        <Title order={3} size="h4" id={id}>
          {title}
        </Title>
      </Group>
      <Stack gap="sm">{children}</Stack>
    </Paper>
  );
}

/** An hour from now, on the hour: where the schedule picker starts. */
function nextFullHour(): string {
  const date = new Date(Date.now() + 60 * 60_000);
  date.setMinutes(0, 0, 0);
  return toLocalInputValue(date);
}

/**
 * Compose a broadcast: the audience, an approved template, a value for each variable (fixed text or customer fields),
 * a live preview of who receives it and the message for a sample recipient, then send now or at a chosen time.
 */
export function ComposePage() {
  const queryClient = useQueryClient();
  const templates = useTemplates('', 'APPROVED');
  const fields = useVariableFields();
  // What was typed before leaving the page comes back, with a way to start afresh.
  const [draft] = useState(() => loadDraft(sessionStorage));
  const [restored, setRestored] = useState(draft !== null);
  const form = useForm<ComposeValues>({ mode: 'controlled', initialValues: draft ?? initialComposeValues });
  const values = form.values;
  const [formRef, focusFirstInvalid] = useFocusFirstInvalid();
  useEffect(() => saveDraft(sessionStorage, values), [values]);
  const discardDraft = () => {
    clearDraft(sessionStorage);
    form.setValues(initialComposeValues);
    form.clearErrors();
    setSendProblem(null);
    setRestored(false);
  };
  const [checking, setChecking] = useState(false);
  const [sendProblem, setSendProblem] = useState<FormProblem | null>(null);

  const approved = (templates.data ?? []).filter((t) => t.status === 'APPROVED' && typeof t.id === 'number');
  const template = approved.find((t) => t.id === values.templateId);
  const keys = variableKeys(template);
  const ready = readyToPreview(values, keys);
  const { query: preview, current } = useBroadcastPreview(ready ? buildPreviewRequest(values, keys) : null);
  const mapKey = (key: string) => formPathForBroadcastField(key, keys);
  const { errorOf, showErrors, previewVerdict } = useServerFormErrors({
    form, previewError: ready ? preview.error : null, mapKey, setProblem: setSendProblem, focusFirstInvalid,
  });

  const create = useCreateBroadcast(showErrors);

  const chooseTemplate = (id: number | null) => {
    const chosen = approved.find((t) => t.id === id);
    form.setFieldValue('templateId', id);
    form.setFieldValue('variables', Object.fromEntries(variableKeys(chosen).map((k) => [k, ''])));
    form.setErrors((errors) => Object.fromEntries(Object.entries(errors).filter(([path]) => !path.startsWith('variables.'))));
  };

  const chooseWhen = (when: string) => {
    form.setFieldValue('when', when === 'schedule' ? 'schedule' : 'now');
    if (when === 'schedule' && values.scheduledAt === '') form.setFieldValue('scheduledAt', nextFullHour());
  };

  const confirmSend = (request: CreateBroadcastRequest, checked: BroadcastPreviewDto) => {
    const recipients = checked.counts?.recipients ?? 0;
    const skipped = checked.counts?.skipped ?? 0;
    const scheduled = request.scheduledAt ? formatDateTime(request.scheduledAt) : null;
    modals.openConfirmModal({
      title: scheduled ? `Schedule for ${plural(recipients, 'recipient')}?` : `Send to ${plural(recipients, 'recipient')}?`,
      centered: true,
      children: (
        <Stack gap="xs">
          <Text size="sm">
            <strong>{template?.name}</strong> ({template?.language}) goes to <strong>{plural(recipients, 'recipient')}</strong>{' '}
            {scheduled ? `on ${scheduled} (your time)` : 'now'}.
          </Text>
          {skipped > 0 && <Text size="sm">{plural(skipped, 'customer')} of the audience will be skipped.</Text>}
          <Text size="sm" c="dimmed">
            Messages the provider has accepted cannot be called back; until then, the broadcast can be canceled.
          </Text>
        </Stack>
      ),
      labels: { confirm: scheduled ? 'Schedule' : `Send to ${plural(recipients, 'recipient')}`, cancel: 'Cancel' },
      onConfirm: () => create.mutate(request, { onSuccess: () => clearDraft(sessionStorage) }),
    });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSendProblem(null);
    const errors = validateCompose(values, template);
    form.setErrors(errors);
    if (Object.keys(errors).length > 0) {
      setSendProblem({ message: FIX_FIELDS_TEXT, details: [] });
      focusFirstInvalid();
      return;
    }
    // The count the confirmation states is asked afresh: the audience may have changed since the preview.
    setChecking(true);
    let checked: BroadcastPreviewDto;
    try {
      checked = await queryClient.fetchQuery(previewQuery(buildPreviewRequest(values, keys)));
    } catch (error) {
      showErrors(error);
      return;
    } finally {
      setChecking(false);
    }
    if ((checked.counts?.recipients ?? 0) === 0) {
      form.setFieldError('audienceMode', NOBODY_TEXT);
      setSendProblem({ message: FIX_FIELDS_TEXT, details: [] });
      focusFirstInvalid();
      return;
    }
    confirmSend(buildCreateRequest(values, keys), checked);
  };

  const scheduledIso = values.when === 'schedule' ? localInputToUtcIso(values.scheduledAt) : null;
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const notSendable = template ? notSendableReason(template) : null;

  return (
    <Container size="xl" px={0}>
      <PageHeader
        title="Compose"
        description="Send an approved template to many customers at once: choose who gets it, fill in its variables, check the preview, then send now or schedule it. Only customers who opted in receive WhatsApp messages."
      />
      <SetupGuide mb="md" description="A broadcast goes out through the active provider, with a template approved for it." />

      {restored && (
        <Alert color="blue" icon={<IconRestore />} mb="md" title="Your unsent draft is back" role="status">
          <Group justify="space-between" gap="sm">
            <Text size="sm">What you chose and typed before leaving this page is filled in again.</Text>
            <Button size="xs" variant="default" onClick={discardDraft}>
              Discard draft
            </Button>
          </Group>
        </Alert>
      )}
      <form ref={formRef} onSubmit={(e) => void submit(e)} noValidate aria-label="Compose a broadcast">
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Stack gap="md">
              <StepCard step={1} title="Audience">
                <Radio.Group
                  label="Send to"
                  value={values.audienceMode}
                  onChange={(mode) => form.setFieldValue('audienceMode', mode as ComposeValues['audienceMode'])}
                  error={errorOf('audienceMode')}
                >
                  <Stack gap={8} mt={6}>
                    <Radio value="all" label="All opted-in customers" />
                    <Radio value="groups" label="Groups" />
                    <Radio value="customers" label="Chosen customers" />
                  </Stack>
                </Radio.Group>
                {values.audienceMode === 'groups' && (
                  <GroupPicker value={values.groupIds} onChange={(ids) => form.setFieldValue('groupIds', ids)} error={errorOf('groupIds')} />
                )}
                {values.audienceMode === 'customers' && (
                  <CustomerPicker
                    value={values.customerIds}
                    onChange={(ids) => form.setFieldValue('customerIds', ids)}
                    error={errorOf('customerIds')}
                  />
                )}
                <Fieldset legend="Only customers with (optional)" variant="filled" p="sm">
                  <Group grow align="flex-start">
                    <TextInput label="Plan" placeholder="e.g. Fibre 500" {...form.getInputProps('plan')} error={errorOf('plan')} />
                    <TextInput label="Language" placeholder="e.g. en_US" {...form.getInputProps('language')} error={errorOf('language')} />
                  </Group>
                </Fieldset>
              </StepCard>

              <StepCard step={2} title="Template">
                <Select<number>
                  label="Template"
                  placeholder={templates.isPending ? 'Loading templates…' : 'Choose an approved template'}
                  data={approved.map((t) => ({ value: t.id!, label: `${t.name} (${t.language})` }))}
                  value={values.templateId}
                  onChange={chooseTemplate}
                  error={errorOf('templateId') ?? (templates.error ? `Could not load the templates: ${toApiError(templates.error).message}` : undefined)}
                  searchable
                  withAsterisk
                  nothingFoundMessage="No approved template matches"
                />
                {!templates.isPending && !templates.error && approved.length === 0 && (
                  <Text size="sm" c="dimmed">
                    No approved template yet. Sync them from your provider on the{' '}
                    <Anchor component={Link} to="/whatsapp/templates" inherit underline="always">
                      Templates
                    </Anchor>{' '}
                    page.
                  </Text>
                )}
                {notSendable && (
                  <Alert color="yellow" icon={<IconAlertTriangle />} p="xs">
                    <Text size="sm">{notSendable} Sync the templates, or bind this one to the active provider.</Text>
                  </Alert>
                )}
                {template && (
                  <Stack gap={4}>
                    <Text size="sm" fw={500}>
                      Template text
                    </Text>
                    <Code block data-testid="template-body" style={{ whiteSpace: 'pre-wrap' }}>
                      {template.body}
                    </Code>
                  </Stack>
                )}
              </StepCard>

              <StepCard step={3} title="Variables">
                {!template ? (
                  <Text size="sm" c="dimmed">
                    Choose a template first.
                  </Text>
                ) : keys.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    This template has no variables: everyone gets the same text.
                  </Text>
                ) : (
                  <>
                    <Text size="sm" c="dimmed">
                      Type fixed text, insert a customer field (filled in for each recipient), or both.
                    </Text>
                    <TemplateVariableInputs
                      template={template}
                      fields={fields.data ?? []}
                      values={values.variables}
                      onChange={(key, text) => form.setFieldValue(`variables.${key}`, text)}
                      errorOf={(key) => errorOf(`variables.${key}`)}
                    />
                  </>
                )}
              </StepCard>
            </Stack>
          </Grid.Col>

          <Grid.Col span={{ base: 12, md: 5 }}>
            <Stack gap="md">
              <StepCard step={4} title="Preview">
                <PreviewPanel
                  ready={ready}
                  template={template}
                  preview={preview.data}
                  updating={preview.isFetching || !current}
                  problem={previewVerdict?.problem ?? null}
                  fieldsWrong={!!previewVerdict && Object.keys(previewVerdict.formErrors).length > 0}
                />
              </StepCard>

              <StepCard step={5} title="Send">
                <Radio.Group label="When" value={values.when} onChange={chooseWhen}>
                  <Group gap="lg" mt={6}>
                    <Radio value="now" label="Send now" />
                    <Radio value="schedule" label="Schedule" />
                  </Group>
                </Radio.Group>
                {values.when === 'schedule' && (
                  <TextInput
                    type="datetime-local"
                    label="Send at"
                    description={`Your local time (${timeZone}).`}
                    min={toLocalInputValue(new Date())}
                    withAsterisk
                    {...form.getInputProps('scheduledAt')}
                    error={errorOf('scheduledAt')}
                  />
                )}
                {scheduledIso && (
                  <Text size="xs" c="dimmed" data-testid="schedule-summary">
                    Sends on {formatDateTime(scheduledIso)} your time ({scheduledIso.slice(0, 16).replace('T', ' ')} UTC).
                  </Text>
                )}
                <TextInput
                  label="Name"
                  description="Optional: how this broadcast is listed. Without one, it is listed by its template."
                  maxLength={200}
                  {...form.getInputProps('name')}
                  error={errorOf('name')}
                />
                <ProblemAlert problem={sendProblem} />
                <Group justify="flex-end">
                  <Button
                    type="submit"
                    loading={checking || create.isPending}
                    leftSection={values.when === 'schedule' ? <IconClock size={16} /> : <IconSend size={16} />}
                  >
                    {values.when === 'schedule' ? 'Schedule' : 'Send now'}
                  </Button>
                </Group>
              </StepCard>
            </Stack>
          </Grid.Col>
        </Grid>
      </form>

      <Paper withBorder radius="md" p="md" mt="xl" component="section" aria-labelledby="recent-broadcasts-title">
        <Title order={3} size="h4" mb="sm" id="recent-broadcasts-title">
          Recent broadcasts
        </Title>
        <RecentBroadcasts />
      </Paper>
    </Container>
  );
}
