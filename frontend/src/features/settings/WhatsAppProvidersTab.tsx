import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Badge,
  Button,
  Code,
  EmptyState,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import {
  IconAlertTriangle,
  IconBrandWhatsapp,
  IconCheck,
  IconLifebuoy,
  IconPencil,
  IconPlugConnected,
  IconPlus,
} from '@tabler/icons-react';
import type { ProviderDto, SaveProviderRequest } from '../../api/client';
import { providersClient } from '../../lib/api';
import { ListContent } from '../../layout/ListContent';
import { useDeleteProvider, useSetActiveProvider, useToggleStandbyProvider } from './providerQueries';
import { useTemplates } from '../../lib/queries/templates';
import { standbyCoverage, standbyCoverageText } from '../../lib/templates';
import { DeleteButton } from '../../lib/DeleteButton';
import { ProviderForm } from './ProviderForm';
import { ProviderTestForm } from './ProviderTestForm';
import { findProviderType, summarizeCredentials, type ProviderTypeDef } from './providerPayload';
import { useProviders, useProviderTypes } from './providerQueries';
import { providersKey } from '../../lib/queries/providers';

export const EMPTY_PROVIDERS_TEXT = 'No WhatsApp provider yet — add your Twilio, Vonage or Meta account';
export const STANDBY_HELP = 'Messages fail over to the standby while the active provider is down or gives up on them.';

type Editor = { mode: 'create' } | { mode: 'edit'; provider: ProviderDto } | null;

function CredentialsSummary({ provider, types }: { provider: ProviderDto; types: ProviderTypeDef[] }) {
  const fields = findProviderType(types, provider.providerType)?.credentialFields ?? [];
  if (provider.credentialsReadable === false) {
    return (
      <Group gap={6} wrap="nowrap" c="orange.8">
        <IconAlertTriangle size={16} aria-hidden />
        <Text size="sm" fw={500}>
          Credentials must be re-entered
        </Text>
      </Group>
    );
  }
  const items = summarizeCredentials(provider, fields);
  if (items.length === 0) return <Text size="sm" c="dimmed">None</Text>;
  return (
    <Stack gap={2}>
      {items.map((item) => (
        <Text key={item.key} size="xs" lh={1.5}>
          <Text span c="dimmed" size="xs">
            {item.label}:
          </Text>{' '}
          <Code fz="xs">{item.value}</Code>
        </Text>
      ))}
    </Stack>
  );
}

function ProviderRow({
  provider,
  types,
  onEdit,
  onTest,
  onSetActive,
  onToggleStandby,
  onDelete,
  settingActive,
  changingStandby,
  coverage,
}: {
  provider: ProviderDto;
  types: ProviderTypeDef[];
  onEdit: () => void;
  onTest: () => void;
  onSetActive: () => void;
  onToggleStandby: () => void;
  onDelete: () => void;
  settingActive: boolean;
  changingStandby: boolean;
  /** Of the sendable templates, how many are bound to this provider (what failover to it could send). */
  coverage: { bound: number; total: number } | null;
}) {
  const name = provider.name ?? '';
  const type = findProviderType(types, provider.providerType);
  const active = !!provider.isActive;
  const standby = !active && !!provider.isStandby;
  const tier = provider.settings?.dailyMessagingLimit;
  return (
    <Table.Tr data-testid="provider-row" aria-label={name}>
      <Table.Td>
        <Stack gap={4} miw={180}>
          <Group gap="xs">
            <Text fw={600}>{name}</Text>
            {active && (
              <Badge color="whatsapp" variant="filled" size="sm" leftSection={<IconCheck size={12} />} style={{ flexShrink: 0 }}>
                Active
              </Badge>
            )}
            {standby && (
              <Badge color="blue" variant="light" size="sm" leftSection={<IconLifebuoy size={12} />} style={{ flexShrink: 0 }} title={STANDBY_HELP}>
                Standby
              </Badge>
            )}
          </Group>
          {standby && coverage && coverage.total > 0 && (
            <Text size="xs" c={coverage.bound < coverage.total ? 'red.9' : 'dimmed'} data-testid="standby-coverage">
              {standbyCoverageText(coverage)}
            </Text>
          )}
          <Text size="sm" c="dimmed">
            {type?.displayName ?? provider.providerType}
          </Text>
        </Stack>
      </Table.Td>
      <Table.Td>
        <CredentialsSummary provider={provider} types={types} />
      </Table.Td>
      <Table.Td miw={150}>
        <Text size="sm">{provider.settings?.messagesPerSecond ?? 80} msg/s</Text>
        <Text size="xs" c="dimmed" data-testid="provider-tier">
          {provider.messagingTier
            ? `Tier: ${provider.messagingTier} (reported by the provider)`
            : tier
              ? `Tier: ${tier.toLocaleString()} per 24 h`
              : 'No messaging tier set'}
        </Text>
        <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
          {provider.settings?.baseUrl ? provider.settings.baseUrl : 'Default endpoint'}
        </Text>
      </Table.Td>
      <Table.Td>
        <Stack gap="xs" align="flex-end">
          {/* What the provider is for (sending, standing by), then what is done to its configuration. */}
          {!active && (
            <Group gap="xs" justify="flex-end" wrap="nowrap">
              <Button size="xs" variant="light" onClick={onSetActive} loading={settingActive} aria-label={`Set active: ${name}`}>
                Set active
              </Button>
              <Button
                size="xs"
                variant={standby ? 'subtle' : 'default'}
                onClick={onToggleStandby}
                loading={changingStandby}
                aria-label={standby ? `Unset standby: ${name}` : `Make standby: ${name}`}
              >
                {standby ? 'Unset standby' : 'Make standby'}
              </Button>
            </Group>
          )}
          <Group gap="xs" justify="flex-end" wrap="nowrap">
            <Button
              size="xs"
              variant="default"
              leftSection={<IconPlugConnected size={14} />}
              onClick={onTest}
              aria-label={`Test ${name}`}
            >
              Test
            </Button>
            <Button
              size="xs"
              variant="default"
              leftSection={<IconPencil size={14} />}
              onClick={onEdit}
              aria-label={`Edit ${name}`}
            >
              Edit
            </Button>
            <DeleteButton
              label={`Delete ${name}`}
              blockedReason={active ? 'The active provider cannot be deleted: make another one active first' : null}
              onDelete={onDelete}
            />
          </Group>
        </Stack>
      </Table.Td>
    </Table.Tr>
  );
}

export function WhatsAppProvidersTab() {
  const queryClient = useQueryClient();
  const providers = useProviders();
  const types = useProviderTypes();
  const [editor, setEditor] = useState<Editor>(null);
  const [testing, setTesting] = useState<ProviderDto | null>(null);

  const refresh = () => queryClient.invalidateQueries({ queryKey: providersKey });

  const setActive = useSetActiveProvider();

  const templates = useTemplates('', null);
  const coverageOf = (id: number) => (templates.data ? standbyCoverage(templates.data, id) : null);
  const standby = useToggleStandbyProvider(coverageOf);

  const remove = useDeleteProvider();

  const confirmDelete = (provider: ProviderDto) =>
    modals.openConfirmModal({
      title: `Delete ${provider.name}?`,
      centered: true,
      children: (
        <Text size="sm">
          The provider <strong>{provider.name}</strong> and its stored credentials will be deleted. This cannot be undone.
        </Text>
      ),
      labels: { confirm: 'Delete', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate(provider),
    });

  // Switching carriers moves every later message, so it asks first; choosing the first active provider does not.
  const confirmSetActive = (provider: ProviderDto) => {
    const current = providers.data?.find((p) => p.isActive);
    if (!current) {
      setActive.mutate(provider);
      return;
    }
    modals.openConfirmModal({
      title: `Send through ${provider.name}?`,
      centered: true,
      children: (
        <Text size="sm">
          Messages not yet sent, and every later one, go through <strong>{provider.name}</strong> instead of{' '}
          <strong>{current.name}</strong>. Templates must be bound to {provider.name} to be sent.
          {provider.isStandby ? ` ${provider.name} stops being the standby.` : ''}
        </Text>
      ),
      labels: { confirm: 'Set active', cancel: 'Cancel' },
      onConfirm: () => setActive.mutate(provider),
    });
  };

  const save = (payload: SaveProviderRequest) =>
    editor?.mode === 'edit' ? providersClient.updateProvider(editor.provider.id!, payload) : providersClient.createProvider(payload);

  const onSaved = async (saved: ProviderDto) => {
    notifications.show({
      color: 'whatsapp',
      title: editor?.mode === 'edit' ? 'Provider saved' : 'Provider added',
      message:
        editor?.mode === 'edit'
          ? `${saved.name} was updated.`
          : `${saved.name} was added.${providers.data?.some((p) => p.isActive) ? '' : ' Set it active to send messages through it.'}`,
    });
    setEditor(null);
    await refresh();
  };

  // The active provider first, then the standby, then the others by name (the server's order).
  const rank = (p: ProviderDto) => (p.isActive ? 0 : p.isStandby ? 1 : 2);
  const list = [...(providers.data ?? [])].sort((a, b) => rank(a) - rank(b));
  const typeDefs = types.data ?? [];
  const loading = providers.isPending || types.isPending;
  const loadError = providers.error ?? types.error;
  const noneActive = list.length > 0 && !list.some((p) => p.isActive);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={2} maw={640}>
          <Title order={3}>WhatsApp providers</Title>
          <Text size="sm" c="dimmed">
            The accounts your WhatsApp messages are sent through. One provider is active at a time; switching takes effect for
            the next message. Another one can stand by, to take over while the active one is down.
          </Text>
        </Stack>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditor({ mode: 'create' })} disabled={!types.data}>
          Add provider
        </Button>
      </Group>

      {noneActive && (
        <Alert color="yellow" icon={<IconAlertTriangle />} title="No active provider">
          No message can be sent until one provider is set active.
        </Alert>
      )}

      <ListContent
        query={{ error: loadError, isPending: loading, refetch: () => Promise.all([providers.refetch(), types.refetch()]) }}
        what="providers"
        count={list.length}
        empty={
          <EmptyState
            variant="light"
            icon={<IconBrandWhatsapp />}
            title={EMPTY_PROVIDERS_TEXT}
            description="Keep several accounts here and switch the active one whenever you need to."
          >
            <EmptyState.Actions>
              <Button leftSection={<IconPlus size={16} />} variant="light" onClick={() => setEditor({ mode: 'create' })} disabled={!types.data}>
                Add your first provider
              </Button>
            </EmptyState.Actions>
          </EmptyState>
        }
      >
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover aria-label="WhatsApp providers">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Provider</Table.Th>
                <Table.Th>Credentials</Table.Th>
                <Table.Th>Sending</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((provider) => (
                <ProviderRow
                  key={provider.id}
                  provider={provider}
                  types={typeDefs}
                  onEdit={() => setEditor({ mode: 'edit', provider })}
                  onTest={() => setTesting(provider)}
                  onSetActive={() => confirmSetActive(provider)}
                  onToggleStandby={() => standby.mutate(provider)}
                  coverage={coverageOf(provider.id!)}
                  onDelete={() => confirmDelete(provider)}
                  settingActive={setActive.isPending && setActive.variables?.id === provider.id}
                  changingStandby={standby.isPending && standby.variables?.id === provider.id}
                />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </ListContent>

      <Modal
        opened={editor !== null}
        onClose={() => setEditor(null)}
        title={editor?.mode === 'edit' ? `Edit ${editor.provider.name}` : 'Add WhatsApp provider'}
        size="lg"
        closeOnClickOutside={false}
      >
        {editor && (
          <ProviderForm
            key={editor.mode === 'edit' ? `edit-${editor.provider.id}` : 'create'}
            types={typeDefs}
            provider={editor.mode === 'edit' ? editor.provider : null}
            save={save}
            onSaved={(saved) => void onSaved(saved)}
            onCancel={() => setEditor(null)}
          />
        )}
      </Modal>

      <Modal
        opened={testing !== null}
        onClose={() => setTesting(null)}
        title={testing ? `Test ${testing.name}` : ''}
        size="lg"
        closeOnClickOutside={false}
      >
        {testing && <ProviderTestForm key={testing.id} provider={testing} onClose={() => setTesting(null)} />}
      </Modal>
    </Stack>
  );
}
