import { useId, useRef, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Code, Grid, Group, Select, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import type { AutomationDto, TemplateDto } from '../../api/client';
import { automationsClient, formErrorsFor, toApiError, type FormProblem } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { ProblemAlert } from '../../lib/ProblemAlert';
import { allMapped, buildAutomationPayload, describeOffset, formPathForAutomationField, initialAutomationValues, parseOffsets, variableKeys, variablesForTemplate, type AutomationFormValues } from './automationForm';
import { FieldMenu } from './FieldMenu';
import { insertAt } from '../../lib/templateText';
import { MessagePreview } from '../../components/messages/MessagePreview';
import { variableLabel } from '../../lib/templates';
import { automationsKey } from '../../lib/queries/automations';

/** How the days input of a scheduled type is labelled. */
const OFFSET_LABELS: Record<string, string> = {
  'bill.reminder': 'Days before the due date',
  'subscription.expiring': 'Days before expiry',
};

export const OFFSETS_HELP =
  'Whole days separated by commas: 3 = three days before, 0 = on the day, a negative number = after (−2: two days overdue).';

function OffsetsSummary({ text }: { text: string }) {
  const { days, error } = parseOffsets(text);
  if (error || days.length === 0) return null;
  const parts = days.map(describeOffset);
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
  return (
    <Text size="xs" c="dimmed" aria-live="polite" data-testid="offsets-summary">
      Sends {list}.
    </Text>
  );
}

/** The message with example values, asked of the server a moment after the mapping stops changing. */
function AutomationPreview({
  automation,
  templateId,
  template,
  variables,
  keys,
}: {
  automation: AutomationDto;
  templateId: string | null;
  template: TemplateDto | undefined;
  variables: Record<string, string>;
  keys: string[];
}) {
  const [debounced] = useDebouncedValue(variables, 400);
  const mapping = Object.fromEntries(keys.map((key) => [key, debounced[key] ?? '']));
  const ready = templateId !== null && allMapped(mapping, keys);
  const preview = useQuery({
    queryKey: [...automationsKey, 'preview', automation.eventType, templateId, mapping],
    queryFn: ({ signal }) => automationsClient.previewAutomation(automation.eventType!, { templateId: Number(templateId), variables: mapping }, signal),
    enabled: ready,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const data = ready && !preview.error ? preview.data : undefined;
  const missing = data?.missing ?? [];

  let note: string | null = null;
  if (templateId === null) note = null;
  else if (!ready) note = 'Give every variable a value to see the message with example values.';
  else if (preview.error) note = `No preview yet: ${Object.values(toApiError(preview.error).fieldErrors).flat()[0] ?? toApiError(preview.error).message}`;
  else if (missing.length > 0)
    note = `With these examples ${missing.map((k) => `{{${k}}}`).join(', ')} would have no value, and such a message is not sent.`;

  return (
    <Stack gap="xs">
      <Title order={4} size="h6">
        Preview
      </Title>
      <MessagePreview
        body={template?.body ?? data?.renderedBody ?? ''}
        header={template?.header}
        footer={template?.footer}
        buttons={template?.buttons}
        values={data?.parameters ?? {}}
        label={`Preview of the ${automation.label ?? automation.eventType} message`}
        emptyText="Choose a template to see the message."
      />
      <Text size="xs" c="dimmed" aria-live="polite">
        {note ?? (data ? 'Example values; each customer gets their own, written in their language.' : '')}
      </Text>
    </Stack>
  );
}

/**
 * One event type's automation: on or off, the approved template it sends, what each variable says (text with the event's
 * fields, inserted from a menu), the days for reminders and expiry alerts, and a live preview. Server refusals show on
 * their inputs (templateId, variables.N, offsetsDays).
 */
export function AutomationForm({
  automation,
  templates,
  templatesLoading,
  onSaved,
}: {
  automation: AutomationDto;
  /** The approved templates. */
  templates: TemplateDto[];
  templatesLoading: boolean;
  onSaved: (saved: AutomationDto) => void;
}) {
  const title = automation.label || automation.eventType || 'Automation';
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const inputs = useRef<Record<string, HTMLInputElement | null>>({});
  const whenId = useId();
  const form = useForm<AutomationFormValues>({
    mode: 'controlled',
    initialValues: initialAutomationValues(automation),
    validate: { offsets: (value) => (automation.scheduled ? (parseOffsets(value).error ?? null) : null) },
  });

  const templateId = form.values.templateId;
  const template = templates.find((t) => String(t.id) === templateId);
  const keys = template ? variableKeys(template) : templateId === null ? [] : Object.keys(form.values.variables);
  const variableDefs = template?.variables?.filter((v) => !!v.key) ?? keys.map((key) => ({ key }));

  const options = templates.map((t) => ({ value: String(t.id), label: `${t.name} (${t.language})` }));
  if (templateId !== null && !template) {
    // The saved template is no longer approved (or is still loading): keep it visible rather than blank.
    options.push({ value: templateId, label: automation.templateName ? `${automation.templateName} (not approved)` : `Template #${templateId}` });
  }

  const chooseTemplate = (value: string | null) => {
    form.setFieldValue('templateId', value);
    form.setFieldValue('variables', variablesForTemplate(templates.find((t) => String(t.id) === value), form.values.variables));
  };

  const insertField = (key: string, expression: string) => {
    const input = inputs.current[key];
    const current = form.values.variables[key] ?? '';
    const { value, caret } = insertAt(current, input?.selectionStart ?? current.length, input?.selectionEnd ?? current.length, expression);
    form.setFieldValue(`variables.${key}`, value);
    // After the menu has handed focus back: the caret goes right after the inserted field.
    setTimeout(() => {
      input?.focus();
      input?.setSelectionRange(caret, caret);
    }, 0);
  };

  const handleSubmit = async (values: AutomationFormValues) => {
    setSubmitting(true);
    setProblem(null);
    try {
      const saved = await automationsClient.saveAutomation(automation.eventType!, buildAutomationPayload(values, automation, template));
      const next = initialAutomationValues(saved);
      form.setInitialValues(next);
      form.setValues(next);
      form.resetDirty(next);
      onSaved(saved);
    } catch (error) {
      const result = formErrorsFor(error, (key) => formPathForAutomationField(key, keys), 'The automation was not saved: see the highlighted fields.');
      form.setErrors(result.formErrors);
      setProblem(result.problem);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <form onSubmit={form.onSubmit(handleSubmit)} noValidate aria-label={`${title} automation`}>
      <Stack gap="md">
        <ProblemAlert problem={problem} />
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Stack gap="sm">
              <Stack gap={2}>
                <Switch label="Enabled" aria-describedby={whenId} {...form.getInputProps('enabled', { type: 'checkbox' })} />
                <Text id={whenId} size="xs" c="dimmed">
                  Sent automatically. {automation.description}
                </Text>
              </Stack>
              <Select
                label="Template"
                description="Only approved templates can be sent."
                placeholder={templatesLoading ? 'Loading templates…' : 'Choose a template'}
                data={options}
                searchable
                clearable
                nothingFoundMessage="No approved template matches"
                {...form.getInputProps('templateId')}
                onChange={chooseTemplate}
              />
              {variableDefs.map((v) => {
                const key = v.key!;
                const label = variableLabel(v);
                return (
                  <TextInput
                    key={key}
                    ref={(el) => {
                      inputs.current[key] = el;
                    }}
                    label={label}
                    description={
                      <>
                        Fills <Code fz="xs">{`{{${key}}}`}</Code>: text and fields such as <Code fz="xs">{'{{customer.name}}'}</Code>
                      </>
                    }
                    withAsterisk
                    autoComplete="off"
                    spellCheck={false}
                    maxLength={1024}
                    rightSection={<FieldMenu fields={automation.fields ?? []} target={label} onPick={(expression) => insertField(key, expression)} />}
                    {...form.getInputProps(`variables.${key}`)}
                  />
                );
              })}
              {automation.scheduled && (
                <Stack gap={4}>
                  <TextInput
                    label={OFFSET_LABELS[automation.eventType ?? ''] ?? 'Days before'}
                    description={OFFSETS_HELP}
                    placeholder="3, 1, 0, -2"
                    autoComplete="off"
                    {...form.getInputProps('offsets')}
                  />
                  <OffsetsSummary text={form.values.offsets} />
                </Stack>
              )}
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <AutomationPreview automation={automation} templateId={templateId} template={template} variables={form.values.variables} keys={keys} />
          </Grid.Col>
        </Grid>
        <Group justify="space-between" wrap="wrap">
          <Text size="xs" c="dimmed">
            {automation.updatedAt ? `Last saved ${formatDateTime(automation.updatedAt)}${automation.updatedBy ? ` by ${automation.updatedBy}` : ''}.` : 'Never saved.'}
          </Text>
          <Group gap="sm">
            <Button variant="default" onClick={() => form.reset()} disabled={submitting || !form.isDirty()}>
              Reset
            </Button>
            <Button type="submit" loading={submitting}>
              Save
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
