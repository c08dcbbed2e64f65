import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import {
  ActionIcon,
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  List,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { IconAlertTriangle, IconBan, IconCheck, IconCircleCheck, IconCopy, IconPlus } from '@tabler/icons-react';
import type { ApiKeyDto, CreatedApiKeyDto } from '../../api/client';
import { formErrorsFor, type FormProblem } from '../../lib/api';
import { QueryTable } from '../../layout/QueryTable';
import { apiKeysKey, useApiKeys, useCreateApiKey, useRevokeApiKey } from './apiKeyQueries';
import { formatDateTime } from '../../lib/format';
import { FormActions } from '../../lib/FormActions';
import { ProblemAlert } from '../../lib/ProblemAlert';
import { StatusBadge } from '../../layout/StatusBadge';


export const SHOWN_ONCE_TEXT = 'Copy this key now: you won’t see it again.';

const EXAMPLE_BODY = `{
  "type": "payment.received",
  "customerId": 7,
  "data": { "amount": "20.00", "currency": "USD", "billNumber": "B-1001" }
}`;

/** How another system raises an event with a key: the request, its headers and an example body. */
function UsageNote() {
  const origin = typeof window === 'undefined' ? '' : window.location.origin;
  const curl = `curl -X POST ${origin}/api/events \\
  -H "X-Api-Key: <your key>" \\
  -H "Idempotency-Key: payment-8841" \\
  -H "Content-Type: application/json" \\
  -d '${EXAMPLE_BODY.replace(/\n\s*/g, ' ')}'`;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label="Calling the events API">
      <Stack gap="xs">
        <Title order={4} size="h5">
          Calling the events API
        </Title>
        <List size="sm" spacing={4}>
          <List.Item>
            <Code>POST /api/events</Code> with the key in the <Code>X-Api-Key</Code> header raises an event such as{' '}
            <Code>payment.received</Code>; the automation of its type sends the message. The answer is <Code>202 Accepted</Code>.
          </List.Item>
          <List.Item>
            Add an <Code>Idempotency-Key</Code> header (or an <Code>id</Code> in the body) to make retries safe: a repeated key
            returns the first answer and raises nothing.
          </List.Item>
          <List.Item>
            <Code>data</Code> holds the event’s fields; a missing or wrong one gets <Code>400</Code> naming it (<Code>data.amount</Code>).
            A revoked or unknown key gets <Code>401</Code>.
          </List.Item>
        </List>
        <Code block aria-label="Example request">
          {curl}
        </Code>
      </Stack>
    </Paper>
  );
}

/** The new key, shown this one time, with a copy button. */
function CreatedKey({ created, onDone }: { created: CreatedApiKeyDto; onDone: () => void }) {
  const key = created.key ?? '';
  return (
    <Stack gap="md">
      <Alert color="yellow" icon={<IconAlertTriangle />} title={SHOWN_ONCE_TEXT} role="alert">
        Only a fingerprint of it is stored. Put it in the other system’s settings now; if it is lost, create another key and
        revoke this one.
      </Alert>
      <TextInput
        label={`API key “${created.apiKey?.name}”`}
        value={key}
        readOnly
        onFocus={(e) => e.currentTarget.select()}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        data-testid="created-api-key"
        rightSection={
          <CopyButton value={key}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? 'Copied' : 'Copy'} withArrow>
                <ActionIcon variant="subtle" color={copied ? 'whatsapp' : 'gray'} onClick={copy} aria-label={copied ? 'Key copied' : 'Copy the key'}>
                  {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        }
      />
      <Group justify="flex-end">
        <Button onClick={onDone}>I have copied it</Button>
      </Group>
    </Stack>
  );
}

function CreateKeyForm({ onCreated, onCancel }: { onCreated: (created: CreatedApiKeyDto) => void; onCancel: () => void }) {
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { name: '' },
    validate: { name: (value) => (value.trim() === '' ? 'Name the key after the system that will use it.' : null) },
  });
  const create = useCreateApiKey({
    onSuccess: onCreated,
    onError: (error) => {
      const result = formErrorsFor(error, (key) => (key.toLowerCase() === 'name' ? 'name' : undefined));
      form.setErrors(result.formErrors);
      setProblem(result.problem);
    },
  });
  return (
    <form
      noValidate
      aria-label="New API key"
      onSubmit={form.onSubmit((values) => {
        setProblem(null);
        create.mutate(values.name.trim());
      })}
    >
      <Stack gap="md">
        <ProblemAlert problem={problem} />
        <TextInput
          label="Name"
          description="The system that will use it, e.g. Billing ERP."
          withAsterisk
          maxLength={100}
          autoComplete="off"
          data-autofocus
          {...form.getInputProps('name')}
        />
        <FormActions submitting={create.isPending} submitLabel="Create key" onCancel={onCancel} />
      </Stack>
    </form>
  );
}

function KeyStatus({ apiKey }: { apiKey: ApiKeyDto }) {
  return apiKey.revokedAt ? (
    <Stack gap={2} align="flex-start">
      <StatusBadge label="Revoked" color="gray" icon={IconBan} />
      <Text size="xs" c="dimmed">
        {formatDateTime(apiKey.revokedAt)}
        {apiKey.revokedBy ? ` by ${apiKey.revokedBy}` : ''}
      </Text>
    </Stack>
  ) : (
    <StatusBadge label="Active" color="whatsapp" icon={IconCircleCheck} />
  );
}

/** Settings → API keys: the keys other systems raise events with; a new key is shown once, revoking asks first. */
export function ApiKeysTab() {
  const queryClient = useQueryClient();
  const keys = useApiKeys();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiKeyDto | null>(null);

  const refresh = () => queryClient.invalidateQueries({ queryKey: apiKeysKey });

  const revoke = useRevokeApiKey();

  const confirmRevoke = (apiKey: ApiKeyDto) =>
    modals.openConfirmModal({
      title: `Revoke “${apiKey.name}”?`,
      centered: true,
      children: (
        <Text size="sm">
          Every request with this key will be refused from now on (401). The system using it needs a new key. This cannot be undone.
        </Text>
      ),
      labels: { confirm: 'Revoke', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => revoke.mutate(apiKey),
    });

  const closeModal = () => {
    setCreating(false);
    // The key is forgotten with the dialog: it cannot be shown again.
    setCreated(null);
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <Stack gap={2} maw={640}>
          <Title order={3}>API keys</Title>
          <Text size="sm" c="dimmed">
            Other systems (your billing or helpdesk software) raise events with a key, and the automations send the messages.
            Give each system its own key, so one can be revoked without the others.
          </Text>
        </Stack>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
          New API key
        </Button>
      </Group>

      <QueryTable
        query={keys}
        rows={keys.data}
        what="API keys"
        empty="No API key yet."
        label="API keys"
        columns={['Name', 'Key', 'Created', 'Last used', 'Status']}
        withActions
        framed
        minWidth={720}
      >
        {(list) =>
          list.map((apiKey) => (
            <Table.Tr key={apiKey.id} data-testid="api-key-row">
              <Table.Td>
                <Text size="sm" fw={500}>
                  {apiKey.name}
                </Text>
              </Table.Td>
              <Table.Td>
                <Code fz="xs">{apiKey.prefix}…</Code>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatDateTime(apiKey.createdAt)}</Text>
                {apiKey.createdBy && (
                  <Text size="xs" c="dimmed">
                    by {apiKey.createdBy}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={apiKey.lastUsedAt ? undefined : 'dimmed'}>
                  {apiKey.lastUsedAt ? formatDateTime(apiKey.lastUsedAt) : 'Never'}
                </Text>
              </Table.Td>
              <Table.Td>
                <KeyStatus apiKey={apiKey} />
              </Table.Td>
              <Table.Td>
                <Group justify="flex-end">
                  {!apiKey.revokedAt && (
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      leftSection={<IconBan size={14} />}
                      onClick={() => confirmRevoke(apiKey)}
                      loading={revoke.isPending && revoke.variables?.id === apiKey.id}
                      aria-label={`Revoke ${apiKey.name}`}
                    >
                      Revoke
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))
        }
      </QueryTable>

      <UsageNote />

      <Modal
        opened={creating}
        onClose={closeModal}
        title={created ? 'Your new API key' : 'New API key'}
        closeOnClickOutside={false}
        size="lg"
      >
        {created ? (
          <CreatedKey created={created} onDone={closeModal} />
        ) : (
          creating && (
            <CreateKeyForm
              onCancel={closeModal}
              onCreated={(result) => {
                setCreated(result);
                void refresh();
              }}
            />
          )
        )}
      </Modal>
    </Stack>
  );
}
