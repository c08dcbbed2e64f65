import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, Anchor, Button, Checkbox, Container, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { IconDownload, IconUserOff } from '@tabler/icons-react';
import { PageHeader } from '../../layout/PageHeader';
import { QueryTable } from '../../layout/QueryTable';
import { BackLink } from '../../layout/RecordUnavailable';
import { OptInBadge } from '../../components/OptInBadge';
import { formatDateTime } from '../../lib/format';
import { OptOutReasonInput } from '../../components/OptOutReasonInput';
import { toApiError } from '../../lib/api';
import { toMessageQuery } from '../../lib/messages';
import { AFFECTED_EXPORT_PATH, exportUrl, parseSentLogFilters } from './sentLog';
import { useAffectedCustomers, useBulkOptOut } from './affectedQueries';

/** Asks why before opting the chosen customers out; the reason is kept in each one's consent history. */
function OptOutDialog({ customerIds, onClose }: { customerIds: number[]; onClose: () => void }) {
  const [reason, setReason] = useState('');
  const optOut = useBulkOptOut();
  const error = optOut.error ? toApiError(optOut.error) : null;
  const n = customerIds.length;
  return (
    <Modal opened onClose={onClose} title={`Opt out ${n} ${n === 1 ? 'customer' : 'customers'}`} closeButtonProps={{ 'aria-label': 'Close' }}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          optOut.mutate({ customerIds, reason: reason.trim() }, { onSuccess: onClose });
        }}
      >
        <Stack>
          <Text size="sm">They will get no more WhatsApp messages until they opt in again. The reason is recorded with your name.</Text>
          <OptOutReasonInput value={reason} onChange={setReason} error={error?.fieldErrors.reason?.join(' ')} />
          {error && !error.fieldErrors.reason && <Alert color="red">{error.message}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={optOut.isPending}>
              Cancel
            </Button>
            <Button type="submit" color="red" loading={optOut.isPending} disabled={reason.trim() === ''}>
              Opt out
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * The customers the Sent Log's filtered messages went to, each once (`/whatsapp/log/customers?errorCode=63003&from=…`,
 * linked from the Overview's failures): to call them, export them, or opt them out.
 */
export function AffectedCustomersPage() {
  const [params] = useSearchParams();
  const filters = useMemo(() => parseSentLogFilters(params), [params]);
  const query = useMemo(() => toMessageQuery(filters), [filters]);
  const affected = useAffectedCustomers(query);
  const [selected, setSelected] = useState<number[]>([]);
  const [confirming, setConfirming] = useState(false);
  const items = affected.data?.items;
  const optedIn = (items ?? []).filter((c) => c.whatsAppOptIn).map((c) => c.customerId!);
  const toggle = (id: number) => setSelected((current) => (current.includes(id) ? current.filter((x) => x !== id) : [...current, id]));
  const what = filters.errorCode ? `Messages that failed with code ${filters.errorCode}` : 'The filtered messages';
  const since = filters.from ? ` since ${filters.from}` : '';

  return (
    <Container size="xl" px={0}>
      <BackLink to={`/whatsapp/log?${params}`} label="Sent Log" />
      <PageHeader
        title="Customers affected"
        description={`${what}${since} reached these customers; each is listed once, most recent first.`}
        actions={
          <Group gap="xs">
            <Button component="a" href={exportUrl(query, AFFECTED_EXPORT_PATH)} download variant="default" leftSection={<IconDownload size={16} />}>
              Export CSV
            </Button>
            <Button
              color="red"
              variant="light"
              leftSection={<IconUserOff size={16} />}
              disabled={selected.length === 0}
              onClick={() => setConfirming(true)}
            >
              Opt out selected{selected.length > 0 ? ` (${selected.length})` : ''}
            </Button>
          </Group>
        }
      />
      {affected.data?.truncated && (
        <Alert color="yellow" mb="sm">
          More customers match than this list holds: narrow the period or the code.
        </Alert>
      )}
      <QueryTable
        query={affected}
        rows={items}
        what="customers"
        empty="No customer matches these filters."
        label="Customers affected"
        columns={['', 'Customer', 'Phone', 'WhatsApp', 'Messages', 'Last message']}
        framed
      >
        {(rows) =>
          rows.map((c) => (
            <Table.Tr key={c.customerId}>
              <Table.Td>
                <Checkbox
                  aria-label={`Select ${c.name}`}
                  checked={selected.includes(c.customerId!)}
                  disabled={!c.whatsAppOptIn}
                  onChange={() => toggle(c.customerId!)}
                />
              </Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/customers/${c.customerId}`}>
                  {c.name}
                </Anchor>
              </Table.Td>
              <Table.Td>{c.phone}</Table.Td>
              <Table.Td>
                <OptInBadge optedIn={!!c.whatsAppOptIn} />
              </Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/whatsapp/log?${new URLSearchParams({ ...Object.fromEntries(params), customerId: String(c.customerId) })}`}>
                  {c.messages}
                </Anchor>
              </Table.Td>
              <Table.Td>{formatDateTime(c.lastAt)}</Table.Td>
            </Table.Tr>
          ))
        }
      </QueryTable>
      {optedIn.length > 0 && (
        <Group mt="xs">
          <Button variant="subtle" size="xs" onClick={() => setSelected(selected.length === optedIn.length ? [] : optedIn)}>
            {selected.length === optedIn.length ? 'Select none' : `Select all opted in (${optedIn.length})`}
          </Button>
        </Group>
      )}
      {confirming && (
        <OptOutDialog
          customerIds={selected}
          onClose={() => {
            setConfirming(false);
            setSelected([]);
          }}
        />
      )}
    </Container>
  );
}
