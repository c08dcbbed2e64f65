import { Button, CloseButton, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { IconFilterOff, IconSearch } from '@tabler/icons-react';
import { useUrlTextParam } from '../../lib/useUrlTextParam';
import { hasFilters } from './sentLog';
import { DayRangeFilter, type DayRangeChange } from './DayRangeFilter';
import { useCustomer } from '../../lib/queries/customers';
import { useProviderSummaries } from '../../lib/queries/providers';
import { useTemplates } from '../../lib/queries/templates';
import { MESSAGE_STATUSES, type MessageFilterKey, type MessageFilters } from '../../lib/messages';

export type FilterChange = (key: MessageFilterKey, value: string | number | null) => void;

const DIGITS = /^\d*$/;

/** A filter that has no input of its own (it comes with a link, e.g. from a customer's profile): shown with a way to drop it. */
function LinkedFilter({ label, value, onRemove }: { label: string; value: string; onRemove: () => void }) {
  return (
    <Group
      gap={4}
      pl="sm"
      pr={4}
      py={2}
      wrap="nowrap"
      style={{ border: '1px solid var(--mantine-color-gray-4)', borderRadius: 'var(--mantine-radius-xl)' }}
    >
      <Text size="sm">
        <Text span inherit c="dimmed">
          {label}:
        </Text>{' '}
        {value}
      </Text>
      <CloseButton size="sm" onClick={onRemove} aria-label={`Remove the ${label.toLowerCase()} filter`} />
    </Group>
  );
}

function CustomerFilter({ customerId, onRemove }: { customerId: number; onRemove: () => void }) {
  const customer = useCustomer(customerId);
  return <LinkedFilter label="Customer" value={customer.data?.customer?.name ?? `#${customerId}`} onRemove={onRemove} />;
}

/**
 * The Sent Log's filters. Each change goes to `onChange` (which writes the address); typed ones after a pause.
 */
export function SentLogFilterBar({
  filters,
  onChange,
  onDaysChange,
  onClear,
}: {
  filters: MessageFilters;
  onChange: FilterChange;
  onDaysChange: DayRangeChange;
  onClear: () => void;
}) {
  const templates = useTemplates('', null);
  const providers = useProviderSummaries();
  const search = useUrlTextParam(filters.q ?? '', (value) => onChange('q', value));
  const eventType = useUrlTextParam(filters.eventType ?? '', (value) => onChange('eventType', value));
  const broadcast = useUrlTextParam(String(filters.broadcastId ?? ''), (value) => {
    if (DIGITS.test(value.trim())) onChange('broadcastId', value.trim() || null);
  });

  const templateOptions = (templates.data ?? [])
    .filter((t) => typeof t.id === 'number')
    .map((t) => ({ value: String(t.id), label: `${t.name} (${t.language})` }));

  const providerOptions = (providers.data ?? []).map((p) => ({ value: String(p.id), label: p.name ?? `Provider ${p.id}` }));

  return (
    <Paper withBorder radius="md" p="md" role="search" aria-label="Filter messages">
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm" verticalSpacing="sm">
          <TextInput
            label="Search"
            placeholder="Phone or customer name"
            type="search"
            leftSection={<IconSearch size={16} />}
            {...search}
          />
          <Select
            label="Status"
            placeholder="All statuses"
            data={MESSAGE_STATUSES}
            value={filters.status}
            onChange={(value) => onChange('status', value)}
            clearable
          />
          <Select
            label="Template"
            placeholder={templates.isPending ? 'Loading templates…' : 'All templates'}
            data={templateOptions}
            value={filters.templateId === null ? null : String(filters.templateId)}
            onChange={(value) => onChange('templateId', value)}
            searchable
            clearable
            nothingFoundMessage="No template matches"
          />
          <Select
            label="Provider"
            placeholder={providers.isPending ? 'Loading providers…' : 'All providers'}
            data={providerOptions}
            value={filters.providerId === null ? null : String(filters.providerId)}
            onChange={(value) => onChange('providerId', value)}
            clearable
          />
          {/* Each day gets a whole cell: half of one cut "mm/dd/yyyy" and the picker's icon. */}
          <DayRangeFilter from={filters.from} to={filters.to} onChange={onDaysChange} />
          <TextInput
            label="Broadcast"
            placeholder="Broadcast number"
            inputMode="numeric"
            autoComplete="off"
            error={DIGITS.test(broadcast.value.trim()) ? undefined : 'Enter the broadcast’s number.'}
            {...broadcast}
          />
          <TextInput label="Event type" placeholder="e.g. invoice.created" autoComplete="off" spellCheck={false} {...eventType} />
        </SimpleGrid>
        {hasFilters(filters) && (
          <Group gap="xs" justify="space-between">
            <Group gap="xs">
              {filters.customerId !== null && <CustomerFilter customerId={filters.customerId} onRemove={() => onChange('customerId', null)} />}
              {filters.errorCode !== null && <LinkedFilter label="Error code" value={filters.errorCode} onRemove={() => onChange('errorCode', null)} />}
            </Group>
            <Button variant="subtle" size="xs" leftSection={<IconFilterOff size={14} />} onClick={onClear}>
              Clear filters
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
