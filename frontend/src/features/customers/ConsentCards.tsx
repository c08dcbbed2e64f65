import { ActionIcon, Alert, CopyButton, Loader, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconAlertCircle, IconCheck, IconCopy } from '@tabler/icons-react';
import type { ConsentRecordDto, CustomerDetailDto } from '../../api/client';
import { toApiError } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { consentSourceLabel } from '../../lib/consent';
import { OptInBadge } from '../../components/OptInBadge';
import { ProfileCard } from '../../components/ProfileCard';
import { ConsentCheckbox } from './CustomerForm';
import { CONSENT_WORDING, useSetOptIn } from './customerQueries';

/** The customer's WhatsApp consent on their profile: the opt-in switch, the unsubscribe link, and the history behind it. */
export function WhatsAppConsentCard({ detail }: { detail: CustomerDetailDto }) {
  const customer = detail.customer!;
  const change = useSetOptIn(customer);

  const onChange = (optedIn: boolean) => {
    change.reset();
    if (optedIn) {
      change.mutate(true);
      return;
    }
    modals.openConfirmModal({
      title: `Opt ${customer.name} out of WhatsApp messages?`,
      centered: true,
      children: (
        <Text size="sm">
          No WhatsApp message will be sent to {customer.name} until they opt in again. The change is recorded in the consent history.
        </Text>
      ),
      labels: { confirm: 'Opt out', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => change.mutate(false),
    });
  };

  return (
    <ProfileCard title="WhatsApp" actions={<OptInBadge optedIn={customer.whatsAppOptIn} />}>
      <Stack gap="sm">
        <ConsentCheckbox
          wording={detail.consentWording || CONSENT_WORDING}
          checked={!!customer.whatsAppOptIn}
          onChange={(e) => onChange(e.currentTarget.checked)}
          disabled={change.isPending}
        />
        {change.isPending && <Loader size="xs" type="dots" role="status" aria-label="Saving the opt-in" />}
        {change.error && (
          <Alert color="red" icon={<IconAlertCircle />} title="The opt-in was not saved" role="alert">
            {toApiError(change.error).message}
          </Alert>
        )}
        {detail.unsubscribeUrl && <UnsubscribeLink url={detail.unsubscribeUrl} />}
      </Stack>
    </ProfileCard>
  );
}

/** The customer's personal one-click opt-out link, to copy into a message. */
function UnsubscribeLink({ url }: { url: string }) {
  return (
    <TextInput
      label="Unsubscribe link"
      description="Their personal one-click link to stop WhatsApp messages."
      value={url}
      readOnly
      onFocus={(e) => e.currentTarget.select()}
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 'var(--mantine-font-size-xs)' } }}
      rightSection={
        <CopyButton value={url}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy'} withArrow>
              <ActionIcon variant="subtle" color={copied ? 'whatsapp' : 'gray'} onClick={copy} aria-label="Copy the unsubscribe link">
                {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      }
    />
  );
}

export function ConsentHistoryCard({ history }: { history: ConsentRecordDto[] }) {
  return (
    <ProfileCard title="Consent history">
      {history.length === 0 ? (
        <Text size="sm" c="dimmed">
          No consent recorded yet.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={700}>
          <Table verticalSpacing="xs" aria-label="Consent history">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={130}>Decision</Table.Th>
                <Table.Th w={190}>Time</Table.Th>
                <Table.Th w={140}>Source</Table.Th>
                <Table.Th w={200}>By</Table.Th>
                <Table.Th>Wording or reason</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {history.map((record) => (
                <Table.Tr key={record.id} data-testid="consent-record">
                  <Table.Td>
                    <OptInBadge optedIn={record.optedIn}>{record.optedIn ? 'Opted in' : 'Opted out'}</OptInBadge>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(record.at)}</Table.Td>
                  <Table.Td>{consentSourceLabel(record.source)}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{record.actor || 'System'}</Table.Td>
                  <Table.Td>
                    <Text size="sm" c={record.text ? undefined : 'dimmed'}>
                      {record.text || '—'}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </ProfileCard>
  );
}
