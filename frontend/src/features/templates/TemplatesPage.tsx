import { useState } from 'react';
import { Link } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Center,
  Code,
  Container,
  EmptyState,
  Group,
  List,
  Loader,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import {
  IconAlertCircle,
  IconAlertTriangle,
  IconCircleCheck,
  IconCircleDashed,
  IconFileText,
  IconPencil,
  IconPlus,
  IconRefresh,
  IconSearch,
  IconSend,
  IconTrash,
} from '@tabler/icons-react';
import type { SaveTemplateRequest, TemplateDto, TemplateStatus } from '../../api/client';
import { QualityBadge } from '../../components/QualityBadge';
import { templatesClient, toApiError } from '../../lib/api';
import { ListContent } from '../../layout/ListContent';
import { PageHeader } from '../../layout/PageHeader';
import { SendTestForm } from './SendTestForm';
import { TemplateForm } from './TemplateForm';
import { syncSummary, TEMPLATE_STATUSES, templateStatusColor } from './templatePayload';
import { isAdmin, useCurrentUser } from '../../lib/auth';
import { notSendableReason } from '../../lib/templates';
import { templatesKey, useTemplates } from '../../lib/queries/templates';
import { useDeleteTemplate, useSyncTemplates, type SyncOutcome } from './templateQueries';
import { useProviderSummaries } from '../../lib/queries/providers';

export const EMPTY_TEMPLATES_TEXT = 'No templates yet';

type Editor = { mode: 'create' } | { mode: 'edit'; template: TemplateDto } | null;

/** How rows and their actions are named: the name, plus the language when another template has the same name. */
export function templateLabel(template: TemplateDto, all: TemplateDto[]): string {
  const twin = all.some((t) => t.id !== template.id && t.name === template.name);
  return twin ? `${template.name} (${template.language})` : (template.name ?? '');
}

function SyncResultAlert({ outcome, admin, onClose }: { outcome: NonNullable<SyncOutcome>; admin: boolean; onClose: () => void }) {
  if (outcome.ok) {
    const warnings = outcome.result.warnings ?? [];
    return (
      <Alert
        color={warnings.length > 0 ? 'yellow' : 'whatsapp'}
        icon={warnings.length > 0 ? <IconAlertTriangle /> : <IconCircleCheck />}
        title={`Synced from ${outcome.result.providerName ?? 'the provider'}`}
        withCloseButton
        closeButtonLabel="Dismiss"
        onClose={onClose}
        role="status"
        data-testid="sync-result"
      >
        <Stack gap={4}>
          <Text size="sm">{syncSummary(outcome.result)}</Text>
          {warnings.length > 0 && (
            <>
              <Text size="sm" fw={600}>
                {warnings.length === 1 ? '1 template was skipped:' : `${warnings.length} templates were skipped:`}
              </Text>
              <List size="sm" spacing={2}>
                {warnings.map((w) => (
                  <List.Item key={w}>{w}</List.Item>
                ))}
              </List>
            </>
          )}
        </Stack>
      </Alert>
    );
  }
  const { error } = outcome;
  const noProvider = error.status === 409;
  return (
    <Alert
      color={noProvider ? 'yellow' : 'red'}
      icon={noProvider ? <IconAlertTriangle /> : <IconAlertCircle />}
      title={noProvider ? 'Cannot sync: no usable active provider' : error.status === 502 ? 'The provider did not answer the sync' : 'Sync failed'}
      withCloseButton
      closeButtonLabel="Dismiss"
      onClose={onClose}
      role="alert"
      data-testid="sync-result"
    >
      <Stack gap={4} align="flex-start">
        <Text size="sm">{error.message}</Text>
        {noProvider && admin && (
          <Anchor component={Link} to="/settings/whatsapp" size="sm">
            Open Settings → WhatsApp
          </Anchor>
        )}
        {noProvider && !admin && <Text size="sm">Ask an admin to set up the WhatsApp provider.</Text>}
        {error.status === 502 && <Text size="sm">Check the provider’s credentials and status, then try again.</Text>}
      </Stack>
    </Alert>
  );
}

/** The approval status, the rejection reason under it, and whether the template can be sent now (and if not, why). */
function StatusCell({ template }: { template: TemplateDto }) {
  const reason = notSendableReason(template);
  return (
    <Stack gap={6} align="flex-start" miw={150}>
      <Badge color={templateStatusColor(template.status)} variant="light" style={{ flexShrink: 0, overflow: 'visible' }}>
        {template.status}
      </Badge>
      {template.qualityRating && <QualityBadge rating={template.qualityRating} />}
      {template.status === 'REJECTED' && template.rejectionReason && (
        <Text size="xs" c="red.8" maw={220}>
          {template.rejectionReason}
        </Text>
      )}
      {reason === null ? (
        <Group gap={4} wrap="nowrap" c="whatsapp.8">
          <IconCircleCheck size={16} aria-hidden />
          <Text size="sm" fw={500}>
            Sendable
          </Text>
        </Group>
      ) : (
        <Group gap={4} wrap="nowrap" c="dimmed" align="flex-start">
          <IconCircleDashed size={16} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
          <Text size="xs" maw={200}>
            <Text span inherit fw={500}>
              Not sendable:
            </Text>{' '}
            {reason.charAt(0).toLowerCase() + reason.slice(1)}
          </Text>
        </Group>
      )}
    </Stack>
  );
}

function BindingsCell({ template }: { template: TemplateDto }) {
  const bindings = template.bindings ?? [];
  if (bindings.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        None
      </Text>
    );
  }
  return (
    <Stack gap={6}>
      {bindings.map((b) => (
        <Stack key={b.providerId} gap={0}>
          <Text size="xs" c="dimmed">
            {b.providerName ?? `Provider ${b.providerId}`}
          </Text>
          <Code
            fz="xs"
            title={b.externalId}
            maw={210}
            style={{ display: 'block', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
          >
            {b.externalId}
          </Code>
        </Stack>
      ))}
    </Stack>
  );
}

function TemplateRow({
  template,
  label,
  onSendTest,
  onEdit,
  onDelete,
}: {
  template: TemplateDto;
  label: string;
  onSendTest: () => void;
  onEdit: () => void;
  onDelete: () => void;
}) {
  return (
    <Table.Tr data-testid="template-row" aria-label={label}>
      <Table.Td>
        <Stack gap={2} miw={240}>
          <Group gap={6} wrap="nowrap" align="center">
            <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
              {template.name}
            </Text>
            <Badge variant="default" size="sm" tt="none" style={{ flexShrink: 0 }} title="Language">
              {template.language}
            </Badge>
          </Group>
          <Text size="xs" c="dimmed" lineClamp={2} maw={400} title={template.body}>
            {template.body}
          </Text>
        </Stack>
      </Table.Td>
      <Table.Td>
        <Text size="sm" tt="capitalize">
          {template.category?.toLowerCase()}
        </Text>
      </Table.Td>
      <Table.Td>
        <StatusCell template={template} />
      </Table.Td>
      <Table.Td>
        <BindingsCell template={template} />
      </Table.Td>
      <Table.Td>
        <Group gap="xs" justify="flex-end" wrap="nowrap">
          {template.sendable && (
            <Button size="xs" variant="light" leftSection={<IconSend size={14} />} onClick={onSendTest} aria-label={`Send test ${label}`}>
              Send test
            </Button>
          )}
          <Tooltip label="Edit" withArrow>
            <ActionIcon variant="default" size="md" onClick={onEdit} aria-label={`Edit ${label}`}>
              <IconPencil size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Delete" withArrow>
            <ActionIcon variant="subtle" color="red" size="md" onClick={onDelete} aria-label={`Delete ${label}`}>
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * The form, once the providers are known: one template id input per configured provider (loaded afresh each time
 * the editor opens). If the list cannot be loaded, the existing bindings are shown read-only.
 */
function TemplateEditor({
  template,
  save,
  onSaved,
  onCancel,
}: {
  template: TemplateDto | null;
  save: (payload: SaveTemplateRequest) => Promise<TemplateDto>;
  onSaved: (saved: TemplateDto) => void;
  onCancel: () => void;
}) {
  const providers = useProviderSummaries();
  if (!providers.isFetchedAfterMount) {
    return (
      <Center py="xl">
        <Loader role="status" aria-label="Loading providers" />
      </Center>
    );
  }
  return (
    <Stack gap="sm">
      {providers.error && (
        <Alert color="yellow" icon={<IconAlertTriangle />} p="xs">
          <Text size="sm">
            Could not load the providers, so their template ids cannot be changed now: {toApiError(providers.error).message}
          </Text>
        </Alert>
      )}
      <TemplateForm
        template={template}
        providers={providers.data && !providers.error ? providers.data : null}
        save={save}
        onSaved={onSaved}
        onCancel={onCancel}
      />
    </Stack>
  );
}

export function TemplatesPage() {
  const queryClient = useQueryClient();
  const { data: user } = useCurrentUser();
  const admin = isAdmin(user);
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<TemplateStatus | null>(null);
  const [debouncedSearch] = useDebouncedValue(search, 250);
  const templates = useTemplates(debouncedSearch, status);
  const [editor, setEditor] = useState<Editor>(null);
  const [sending, setSending] = useState<TemplateDto | null>(null);
  const [syncOutcome, setSyncOutcome] = useState<SyncOutcome>(null);

  const refresh = () => queryClient.invalidateQueries({ queryKey: templatesKey });

  const sync = useSyncTemplates(setSyncOutcome);
  const remove = useDeleteTemplate();

  const list = templates.data ?? [];
  const filtered = debouncedSearch.trim() !== '' || status !== null;

  const confirmDelete = (template: TemplateDto) =>
    modals.openConfirmModal({
      title: `Delete ${template.name}?`,
      centered: true,
      children: (
        <Text size="sm">
          The template <strong>{template.name}</strong> ({template.language}) will be deleted here; the Sent Log keeps its name. It is not
          deleted at the provider: a sync brings it back if it is still there.
        </Text>
      ),
      labels: { confirm: 'Delete', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate(template),
    });

  const save = (payload: SaveTemplateRequest) =>
    editor?.mode === 'edit' ? templatesClient.updateTemplate(editor.template.id!, payload) : templatesClient.createTemplate(payload);

  const onSaved = async (saved: TemplateDto) => {
    notifications.show({
      color: 'whatsapp',
      title: editor?.mode === 'edit' ? 'Template saved' : 'Template added',
      message: `${saved.name} (${saved.language}) was ${editor?.mode === 'edit' ? 'updated' : 'added'}.`,
    });
    setEditor(null);
    await refresh();
  };

  const syncButton = (variant: 'default' | 'light') => (
    <Button variant={variant} leftSection={<IconRefresh size={16} />} onClick={() => sync.mutate()} loading={sync.isPending}>
      Sync from provider
    </Button>
  );
  const newButton = (variant: 'filled' | 'light') => (
    <Button variant={variant} leftSection={<IconPlus size={16} />} onClick={() => setEditor({ mode: 'create' })}>
      New template
    </Button>
  );

  return (
    <Container size="xl" px={0}>
      <PageHeader
        title="Templates"
        description="Approved WhatsApp message templates for invoices, payment reminders and outage notices. Sync them from your provider or add them by hand."
        actions={
          <Group gap="sm">
            {syncButton('default')}
            {newButton('filled')}
          </Group>
        }
      />

      <Stack gap="md">
        {syncOutcome && <SyncResultAlert outcome={syncOutcome} admin={admin} onClose={() => setSyncOutcome(null)} />}

        <Group gap="sm" align="flex-end" wrap="wrap">
          <TextInput
            aria-label="Search templates"
            placeholder="Search by name or text"
            leftSection={<IconSearch size={16} />}
            rightSection={templates.isFetching && !templates.isPending ? <Loader size="xs" role="status" aria-label="Searching" /> : null}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            style={{ flex: '1 1 280px' }}
            maw={460}
            type="search"
          />
          <Select
            aria-label="Filter by status"
            placeholder="All statuses"
            data={TEMPLATE_STATUSES}
            value={status}
            onChange={(value) => setStatus((value as TemplateStatus | null) ?? null)}
            clearable
            w={200}
            comboboxProps={{ withinPortal: true }}
          />
        </Group>

        <ListContent
          query={templates}
          what="templates"
          count={list.length}
          filtered={filtered}
          noMatch={{
            title: 'No template matches',
            description: 'Try another search or status.',
            onClear: () => {
              setSearch('');
              setStatus(null);
            },
          }}
          empty={
            <EmptyState
              variant="light"
              icon={<IconFileText />}
              title={EMPTY_TEMPLATES_TEXT}
              description="Sync the templates approved at your provider, or add one by hand."
            >
              <EmptyState.Actions>
                {syncButton('light')}
                {newButton('light')}
              </EmptyState.Actions>
            </EmptyState>
          }
        >
          <Table.ScrollContainer minWidth={900}>
            <Table verticalSpacing="sm" horizontalSpacing="sm" highlightOnHover aria-label="Templates">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Template</Table.Th>
                  <Table.Th w={100}>Category</Table.Th>
                  <Table.Th w={220}>Status</Table.Th>
                  <Table.Th w={230}>Provider ids</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((template) => (
                  <TemplateRow
                    key={template.id}
                    template={template}
                    label={templateLabel(template, list)}
                    onSendTest={() => setSending(template)}
                    onEdit={() => setEditor({ mode: 'edit', template })}
                    onDelete={() => confirmDelete(template)}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </ListContent>
      </Stack>

      <Modal
        opened={editor !== null}
        onClose={() => setEditor(null)}
        title={editor?.mode === 'edit' ? `Edit ${editor.template.name}` : 'New template'}
        size="68rem"
        closeOnClickOutside={false}
      >
        {editor && (
          <TemplateEditor
            key={editor.mode === 'edit' ? `edit-${editor.template.id}` : 'create'}
            template={editor.mode === 'edit' ? editor.template : null}
            save={save}
            onSaved={(saved) => void onSaved(saved)}
            onCancel={() => setEditor(null)}
          />
        )}
      </Modal>

      <Modal
        opened={sending !== null}
        onClose={() => setSending(null)}
        title={sending ? `Send test: ${sending.name}` : ''}
        size="lg"
        closeOnClickOutside={false}
      >
        {sending && <SendTestForm key={sending.id} template={sending} onClose={() => setSending(null)} />}
      </Modal>
    </Container>
  );
}
