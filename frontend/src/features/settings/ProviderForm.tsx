import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Alert,
  Button,
  Fieldset,
  Group,
  NumberInput,
  PasswordInput,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm, type GetInputPropsReturnType } from '@mantine/form';
import { IconAlertCircle, IconKey } from '@tabler/icons-react';
import type { CredentialValue, ProviderDto, SaveProviderRequest } from '../../api/client';
import { type FormProblem, formErrorsFor } from '../../lib/api';
import { ProblemAlert } from '../../lib/ProblemAlert';
import { buildProviderPayload, findProviderType, formPathForServerField, initialProviderFormValues, MAX_DAILY_MESSAGING_LIMIT, MAX_MESSAGES_PER_SECOND, type CredentialFieldDef, type ProviderFormValues, type ProviderTypeDef } from './providerPayload';

export const BASE_URL_HELP = 'Replaces the scheme and host of every API call: regional endpoints, proxies, test servers';
export const TIER_HELP =
  'How many unique people WhatsApp lets the account reach outside their service window in 24 hours (250, 2,000, 10,000 …; see the account’s WhatsApp Manager). Meta providers report it themselves, which takes precedence. The Overview and Compose hold the last 24 hours against it. Leave empty if unknown.';

export interface ProviderFormProps {
  types: ProviderTypeDef[];
  /** The provider being edited; absent when adding one. */
  provider?: ProviderDto | null;
  /** Sends the request (create or update); rejects with what the generated client throws. */
  save: (payload: SaveProviderRequest) => Promise<ProviderDto>;
  onSaved: (saved: ProviderDto) => void;
  onCancel: () => void;
}

/** PEM keys span several lines, which a password input would flatten. */
function isMultiline(field: CredentialFieldDef): boolean {
  return field.placeholder?.startsWith('-----BEGIN') ?? false;
}

function CredentialInput({
  field,
  editing,
  stored,
  inputProps,
}: {
  field: CredentialFieldDef;
  editing: boolean;
  stored: CredentialValue | undefined;
  inputProps: GetInputPropsReturnType;
}) {
  const keepsStored = editing && field.secret && !!stored?.hasValue;
  const description = [field.help, keepsStored ? 'Leave empty to keep the stored value.' : undefined]
    .filter(Boolean)
    .join(' ');
  const common = {
    label: field.label,
    description: description || undefined,
    withAsterisk: field.required,
    // The mask from the API ("••••1234") shows that a secret is stored, without ever filling the input with it.
    placeholder: keepsStored ? (stored?.value ?? '••••') : field.placeholder,
    spellCheck: false,
    ...inputProps,
    // A field of a newly chosen type has no value yet; keep the input controlled from the start.
    value: (inputProps.value as string | undefined) ?? '',
  };
  if (field.secret && isMultiline(field)) {
    return <Textarea {...common} autosize minRows={3} maxRows={8} autoComplete="off" ff="monospace" />;
  }
  if (field.secret) {
    // PasswordInput does not mark its inner input invalid by itself.
    return (
      <PasswordInput
        {...common}
        aria-invalid={inputProps.error ? true : undefined}
        autoComplete="new-password"
        leftSection={<IconKey size={16} stroke={1.5} />}
      />
    );
  }
  return <TextInput {...common} autoComplete="off" />;
}

export function ProviderForm({ types, provider, save, onSaved, onCancel }: ProviderFormProps) {
  const editing = !!provider;
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [errorRound, setErrorRound] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);

  const form = useForm<ProviderFormValues>({
    mode: 'controlled',
    initialValues: initialProviderFormValues(provider),
  });

  const selectedType = findProviderType(types, form.values.providerType);
  const fields = useMemo(() => selectedType?.credentialFields ?? [], [selectedType]);
  const credentialsUnreadable = editing && provider?.credentialsReadable === false;

  // After the server refused the form, move focus to the first field it complained about.
  useEffect(() => {
    if (errorRound === 0) return;
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], [data-invalid="true"]');
    invalid?.focus();
  }, [errorRound]);

  const handleSubmit = async (values: ProviderFormValues) => {
    if (!selectedType) {
      form.setFieldError('providerType', 'Choose the provider of this account.');
      return;
    }
    setSubmitting(true);
    setProblem(null);
    try {
      const saved = await save(buildProviderPayload(values, fields, editing ? 'edit' : 'create'));
      onSaved(saved);
    } catch (error) {
      // Keep everything the user typed; show each message next to its input, the rest in the alert.
      const { formErrors, problem } = formErrorsFor(error, (key) => formPathForServerField(key, fields), 'Please correct the highlighted fields.');
      form.setErrors(formErrors);
      setProblem(problem);
      setErrorRound((n) => n + 1);
    } finally {
      setSubmitting(false);
    }
  };

  const typeOptions = types.map((t) => ({ value: t.type, label: t.displayName }));

  return (
    <form ref={formRef} onSubmit={form.onSubmit(handleSubmit)} noValidate aria-label={editing ? `Edit ${provider?.name}` : 'Add provider'}>
      <Stack gap="md">
        <ProblemAlert problem={problem} />
        {credentialsUnreadable && (
          <Alert color="orange" icon={<IconAlertCircle />} title="Credentials must be re-entered">
            The stored credentials can no longer be decrypted (the encryption keys were lost). Enter every secret again.
          </Alert>
        )}

        <TextInput
          label="Name"
          description="How you recognise this account, e.g. “Main Twilio” or “Meta – backup number”."
          withAsterisk
          maxLength={100}
          data-autofocus
          {...form.getInputProps('name')}
        />
        <Select
          label="Provider"
          placeholder="Choose your provider"
          withAsterisk
          data={typeOptions}
          allowDeselect={false}
          disabled={editing}
          description={editing ? 'The provider of a configuration cannot change; add a new one instead.' : undefined}
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('providerType')}
        />

        {selectedType && (
          <Fieldset legend={`${selectedType.displayName} credentials`} radius="md">
            <Stack gap="sm">
              {fields.map((field) => (
                <CredentialInput
                  key={`${selectedType.type}:${field.key}`}
                  field={field}
                  editing={editing && !credentialsUnreadable}
                  stored={provider?.credentials?.[field.key]}
                  inputProps={form.getInputProps(`credentials.${field.key}`)}
                />
              ))}
              {fields.length === 0 && (
                <Text size="sm" c="dimmed">
                  This provider needs no credentials.
                </Text>
              )}
            </Stack>
          </Fieldset>
        )}

        <Fieldset legend="Sending" radius="md">
          <Stack gap="sm">
            <TextInput
              label="Base URL"
              description={BASE_URL_HELP}
              placeholder="Default endpoint of the provider"
              type="url"
              autoComplete="off"
              spellCheck={false}
              {...form.getInputProps('settings.baseUrl')}
            />
            <NumberInput
              label="Messages per second"
              description="The most this account may send; messages beyond it wait their turn."
              min={1}
              max={MAX_MESSAGES_PER_SECOND}
              allowDecimal={false}
              allowNegative={false}
              styles={{ wrapper: { maxWidth: 220 } }}
              {...form.getInputProps('settings.messagesPerSecond')}
            />
            <NumberInput
              label="Messaging tier (people per 24 hours)"
              description={TIER_HELP}
              placeholder="Not set"
              min={1}
              max={MAX_DAILY_MESSAGING_LIMIT}
              allowDecimal={false}
              allowNegative={false}
              thousandSeparator=","
              styles={{ wrapper: { maxWidth: 220 } }}
              {...form.getInputProps('settings.dailyMessagingLimit')}
            />
          </Stack>
        </Fieldset>

        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onCancel} disabled={submitting}>
            Cancel
          </Button>
          <Button type="submit" loading={submitting}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
