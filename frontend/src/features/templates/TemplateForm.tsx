import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import {
  ActionIcon,
  Alert,
  Badge,
  Box,
  Button,
  Code,
  Fieldset,
  Grid,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm, type GetInputPropsReturnType } from '@mantine/form';
import { IconAlertTriangle, IconInfoCircle, IconPlus, IconTrash } from '@tabler/icons-react';
import type { ProviderSummaryDto, SaveTemplateRequest, TemplateDto } from '../../api/client';
import { type FormProblem, formErrorsFor } from '../../lib/api';
import { ProblemAlert } from '../../lib/ProblemAlert';
import {
  BUTTON_TYPE_OPTIONS,
  buildTemplatePayload,
  buttonsOf,
  CATEGORY_OPTIONS,
  deriveVariables,
  emptyButton,
  externalIdHint,
  formComponentParameters,
  formPathForTemplateField,
  HEADER_FORMAT_OPTIONS,
  headerOf,
  initialTemplateFormValues,
  MAX_BODY_LENGTH,
  MAX_BUTTONS,
  QUICK_REPLY_ACTION_OPTIONS,
  TEMPLATE_STATUSES,
  type ButtonRow,
  type HeaderValues,
  type TemplateFormValues,
  type VariableRow,
} from './templatePayload';
import { MessagePreview } from '../../components/messages/MessagePreview';
import { isBodyKey, MEDIA_FORMATS, unfillableReason } from '../../lib/templateParts';
import { analyzePlaceholders } from '../../lib/templateText';

export const STATUS_HELP =
  'Only APPROVED templates can be sent. Keep APPROVED for a template already approved at the provider; ' +
  'Sync from provider keeps the status up to date for templates bound to the active provider.';

function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : `on ${date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}`;
}

export interface TemplateFormProps {
  /** The template being edited; absent when adding one. */
  template?: TemplateDto | null;
  /** Every configured provider (admins); null when the list is not available, and bindings are then shown read-only. */
  providers: ProviderSummaryDto[] | null;
  /** Sends the request (create or update); rejects with what the generated client throws. */
  save: (payload: SaveTemplateRequest) => Promise<TemplateDto>;
  onSaved: (saved: TemplateDto) => void;
  onCancel: () => void;
}

function VariablesTable({ rows, inputProps }: { rows: VariableRow[]; inputProps: (path: string) => GetInputPropsReturnType }) {
  return (
    <Table verticalSpacing={6} horizontalSpacing="xs" withRowBorders={false} aria-label="Variables">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={110}>Placeholder</Table.Th>
          <Table.Th>Label</Table.Th>
          <Table.Th>Sample</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row, index) => (
          <Table.Tr key={row.key} style={{ verticalAlign: 'top' }}>
            <Table.Td pt={12}>
              <Code>{isBodyKey(row.key) ? `{{${row.key}}}` : row.key}</Code>
            </Table.Td>
            <Table.Td>
              <TextInput
                aria-label={`Label of ${isBodyKey(row.key) ? `{{${row.key}}}` : row.key}`}
                placeholder="e.g. Customer name"
                maxLength={100}
                {...inputProps(`variables.${index}.label`)}
              />
            </Table.Td>
            <Table.Td>
              <TextInput
                aria-label={`Sample of ${isBodyKey(row.key) ? `{{${row.key}}}` : row.key}`}
                placeholder="e.g. Ana"
                maxLength={500}
                {...inputProps(`variables.${index}.sample`)}
              />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function TemplateForm({ template, providers, save, onSaved, onCancel }: TemplateFormProps) {
  const editing = !!template;
  const editBindings = providers !== null;
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [errorRound, setErrorRound] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  // Labels and samples of placeholders deleted from the body, restored if the placeholder comes back.
  const remembered = useRef<Record<string, VariableRow>>({});

  const form = useForm<TemplateFormValues>({
    mode: 'controlled',
    initialValues: initialTemplateFormValues(template, providers),
  });

  // After the server refused the form, move focus to the first field it complained about.
  useEffect(() => {
    if (errorRound === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], [data-invalid="true"]')?.focus();
  }, [errorRound]);

  // The variables follow the body, the header and the buttons: any change to them derives the rows again.
  const rederive = (change: Partial<Pick<TemplateFormValues, 'body' | 'header' | 'buttons'>>) => {
    const next = { ...form.getValues(), ...change };
    const current = next.variables;
    for (const row of current) remembered.current[row.key] = row;
    form.setValues({ ...change, variables: deriveVariables(next.body, current, remembered.current, formComponentParameters(next)) });
  };

  const onBodyChange = (event: ChangeEvent<HTMLTextAreaElement>) => {
    rederive({ body: event.currentTarget.value });
    form.clearFieldError('body');
  };

  const setHeader = (change: Partial<HeaderValues>) => rederive({ header: { ...form.getValues().header, ...change } });
  const setButton = (index: number, change: Partial<ButtonRow>) =>
    rederive({ buttons: form.getValues().buttons.map((b, i) => (i === index ? { ...b, ...change } : b)) });

  const handleSubmit = async (values: TemplateFormValues) => {
    setSubmitting(true);
    setProblem(null);
    const payload = buildTemplatePayload(values, editBindings);
    try {
      onSaved(await save(payload));
    } catch (error) {
      // Keep everything typed; each message goes next to its input, the rest into the alert.
      const { formErrors, problem } = formErrorsFor(error, (key) => formPathForTemplateField(key, values, payload), 'Please correct the highlighted fields.');
      form.setErrors(formErrors);
      setProblem(problem);
      setErrorRound((n) => n + 1);
    } finally {
      setSubmitting(false);
    }
  };

  const { values } = form;
  const analysis = analyzePlaceholders(values.body);
  const samples = Object.fromEntries(values.variables.map((v) => [v.key, v.sample]));
  const header = headerOf(values.header);
  const buttons = buttonsOf(values.buttons);
  const unfillable = unfillableReason(header, buttons);
  const isMedia = MEDIA_FORMATS.includes(values.header.format);
  const inputProps = (path: string) => form.getInputProps(path);

  return (
    <form
      ref={formRef}
      onSubmit={form.onSubmit(handleSubmit)}
      noValidate
      aria-label={editing ? `Edit ${template?.name}` : 'New template'}
    >
      <Grid gap="xl">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <ProblemAlert problem={problem} />

            {template?.lastSyncedAt && (
              <Alert color="blue" icon={<IconInfoCircle />} p="xs">
                <Text size="sm">
                  Synced from the provider {formatDateTime(template.lastSyncedAt)}. A later sync can replace the body, category, status
                  and samples with the provider’s; labels are kept.
                </Text>
              </Alert>
            )}

            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
              <TextInput
                label="Name"
                description="As at the provider, e.g. bill_due"
                withAsterisk
                maxLength={200}
                autoComplete="off"
                spellCheck={false}
                data-autofocus
                {...form.getInputProps('name')}
              />
              <TextInput
                label="Language"
                description="Code such as en, en_US or pt_BR"
                withAsterisk
                maxLength={10}
                autoComplete="off"
                spellCheck={false}
                {...form.getInputProps('language')}
              />
              <Select
                label="Category"
                withAsterisk
                data={CATEGORY_OPTIONS}
                allowDeselect={false}
                comboboxProps={{ withinPortal: true }}
                {...form.getInputProps('category')}
              />
              <Select
                label="Status"
                withAsterisk
                data={TEMPLATE_STATUSES}
                allowDeselect={false}
                comboboxProps={{ withinPortal: true }}
                {...form.getInputProps('status')}
              />
            </SimpleGrid>
            <Text size="xs" c="dimmed" mt={-8}>
              <IconInfoCircle size={14} style={{ verticalAlign: 'text-bottom' }} aria-hidden /> {STATUS_HELP}
            </Text>

            <Textarea
              label="Body"
              description="Placeholders: {{1}}, {{2}}… numbered in order, or named ones like {{customer_name}}."
              withAsterisk
              autosize
              minRows={4}
              maxRows={12}
              maxLength={MAX_BODY_LENGTH}
              spellCheck
              {...form.getInputProps('body')}
              onChange={onBodyChange}
              inputWrapperOrder={['label', 'description', 'input', 'error']}
            />
            <Text size="xs" c="dimmed" ta="right" mt={-12} aria-live="off">
              {values.body.length} / {MAX_BODY_LENGTH}
            </Text>

            <Fieldset legend="Header" radius="md" p="sm">
              <Stack gap="sm">
                <Select
                  label="Header type"
                  data={HEADER_FORMAT_OPTIONS}
                  allowDeselect={false}
                  comboboxProps={{ withinPortal: true }}
                  value={values.header.format}
                  onChange={(format) => setHeader({ format: (format ?? 'None') as HeaderValues['format'] })}
                />
                {values.header.format === 'Text' && (
                  <TextInput
                    label="Header text"
                    description="At most 60 characters and one variable, e.g. Bill {{1}}"
                    maxLength={60}
                    {...form.getInputProps('header:text')}
                    onChange={(e) => setHeader({ text: e.currentTarget.value })}
                  />
                )}
                {isMedia && (
                  <TextInput
                    label="Media URL"
                    description="Empty: each message gives the link (a field such as {{bill.pdfUrl}} when sending). A fixed https URL, or one with a variable, e.g. https://cdn.example.com/{{1}}."
                    placeholder="https://…"
                    maxLength={2000}
                    autoComplete="off"
                    spellCheck={false}
                    {...form.getInputProps('header.mediaUrl')}
                    onChange={(e) => setHeader({ mediaUrl: e.currentTarget.value })}
                  />
                )}
                {values.header.format === 'Document' && (
                  <TextInput
                    label="File name"
                    description="What the customer sees on the document, e.g. bill.pdf"
                    maxLength={240}
                    {...form.getInputProps('header.fileName')}
                    onChange={(e) => setHeader({ fileName: e.currentTarget.value })}
                  />
                )}
              </Stack>
            </Fieldset>

            <TextInput
              label="Footer"
              description="Optional, at most 60 characters, no variables"
              maxLength={60}
              {...form.getInputProps('footer')}
            />

            <Fieldset legend="Buttons" radius="md" p="sm">
              <Stack gap="sm">
                {values.buttons.length === 0 && (
                  <Text size="sm" c="dimmed">
                    No buttons. Quick replies, a link (with a dynamic suffix such as the bill number), a phone number or a copy code.
                  </Text>
                )}
                {values.buttons.map((b, index) => (
                  <Group key={index} align="flex-start" gap="xs" wrap="nowrap" aria-label={`Button ${index + 1}`} role="group">
                    <Select
                      w={170}
                      label="Type"
                      data={BUTTON_TYPE_OPTIONS}
                      allowDeselect={false}
                      comboboxProps={{ withinPortal: true }}
                      value={b.type}
                      onChange={(type) => setButton(index, { type: (type ?? 'QuickReply') as ButtonRow['type'] })}
                    />
                    <TextInput
                      style={{ flex: 1 }}
                      label="Button text"
                      maxLength={25}
                      {...form.getInputProps(`buttons.${index}.text`)}
                      onChange={(e) => setButton(index, { text: e.currentTarget.value })}
                    />
                    {b.type === 'Url' && (
                      <TextInput
                        style={{ flex: 2 }}
                        label="URL"
                        placeholder="https://pay.example.com/{{1}}"
                        maxLength={2000}
                        spellCheck={false}
                        {...form.getInputProps(`buttons.${index}.url`)}
                        onChange={(e) => setButton(index, { url: e.currentTarget.value })}
                      />
                    )}
                    {b.type === 'QuickReply' && (
                      <Select
                        w={200}
                        label="When tapped"
                        data={QUICK_REPLY_ACTION_OPTIONS}
                        allowDeselect={false}
                        comboboxProps={{ withinPortal: true }}
                        value={b.action}
                        onChange={(action) => setButton(index, { action: (action ?? 'None') as ButtonRow['action'] })}
                      />
                    )}
                    {b.type === 'PhoneNumber' && (
                      <TextInput
                        style={{ flex: 2 }}
                        label="Phone number"
                        placeholder="+14155550123"
                        maxLength={20}
                        {...form.getInputProps(`buttons.${index}.phoneNumber`)}
                        onChange={(e) => setButton(index, { phoneNumber: e.currentTarget.value })}
                      />
                    )}
                    {b.type === 'CopyCode' && (
                      <TextInput
                        style={{ flex: 2 }}
                        label="Code"
                        description="Empty: each message gives it"
                        maxLength={15}
                        {...form.getInputProps(`buttons.${index}.code`)}
                        onChange={(e) => setButton(index, { code: e.currentTarget.value })}
                      />
                    )}
                    <ActionIcon
                      mt={26}
                      variant="subtle"
                      color="gray"
                      aria-label={`Remove button ${index + 1}`}
                      onClick={() => rederive({ buttons: values.buttons.filter((_, i) => i !== index) })}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Group>
                ))}
                <Group>
                  <Button
                    variant="light"
                    size="xs"
                    leftSection={<IconPlus size={14} />}
                    disabled={values.buttons.length >= MAX_BUTTONS}
                    onClick={() => rederive({ buttons: [...values.buttons, emptyButton()] })}
                  >
                    Add button
                  </Button>
                </Group>
              </Stack>
            </Fieldset>
            {unfillable && (
              <Alert color="yellow" icon={<IconAlertTriangle />} p="xs" role="status">
                <Text size="sm">{unfillable}</Text>
              </Alert>
            )}

            <Fieldset legend="Variables" radius="md" p="sm">
              {analysis.error && (
                <Alert color="yellow" icon={<IconAlertTriangle />} p="xs" mb="xs" role="status">
                  <Text size="sm">{analysis.error}</Text>
                </Alert>
              )}
              {values.variables.length === 0 ? (
                <Text size="sm" c="dimmed">
                  Add placeholders such as <Code>{'{{1}}'}</Code> to the body: each gets a label and a sample here.
                </Text>
              ) : (
                <VariablesTable rows={values.variables} inputProps={inputProps} />
              )}
            </Fieldset>

            <Fieldset legend="Provider template ids" radius="md" p="sm">
              {editBindings ? (
                values.bindings.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    No provider is configured yet. Add one in Settings → WhatsApp.
                  </Text>
                ) : (
                  <Stack gap="sm">
                    <Text size="xs" c="dimmed">
                      The id of this template at each provider. Leave empty where the provider does not have it.
                    </Text>
                    {values.bindings.map((binding, index) => {
                      const hint = externalIdHint(binding.providerType);
                      return (
                        <TextInput
                          key={binding.providerId}
                          label={
                            <Group gap={6} component="span" wrap="nowrap">
                              <span>
                                {binding.providerName} — {hint.label}
                              </span>
                              {binding.isActive && (
                                <Badge size="xs" variant="light">
                                  Active
                                </Badge>
                              )}
                            </Group>
                          }
                          placeholder={hint.placeholder}
                          autoComplete="off"
                          spellCheck={false}
                          maxLength={200}
                          {...form.getInputProps(`bindings.${index}.externalId`)}
                        />
                      );
                    })}
                  </Stack>
                )
              ) : values.bindings.length === 0 ? (
                <Text size="sm" c="dimmed">
                  Not bound to any provider yet. Sync from provider, or add the provider’s template id once the providers load.
                </Text>
              ) : (
                <Stack gap={4}>
                  {values.bindings.map((b) => (
                    <Text key={b.providerId} size="sm">
                      {b.providerName}: <Code>{b.externalId}</Code>
                    </Text>
                  ))}
                </Stack>
              )}
            </Fieldset>
          </Stack>
        </Grid.Col>

        <Grid.Col span={{ base: 12, md: 5 }}>
          <Box pos="sticky" top={0}>
            <Title order={3} size="h5" mb={6}>
              Preview
            </Title>
            <MessagePreview body={values.body} values={samples} header={header} footer={values.footer.trim() || null} buttons={buttons} />
            <Text size="xs" c="dimmed" mt={6}>
              Placeholders are filled with their samples.
            </Text>
          </Box>
        </Grid.Col>
      </Grid>

      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={onCancel} disabled={submitting}>
          Cancel
        </Button>
        <Button type="submit" loading={submitting}>
          {editing ? 'Save' : 'Create template'}
        </Button>
      </Group>
    </form>
  );
}
