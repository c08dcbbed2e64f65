import { useState } from 'react';
import { ActionIcon, Alert, Button, CopyButton, Group, Loader, Modal, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { IconAlertCircle, IconCheck, IconCopy } from '@tabler/icons-react';
import type { ConsentPurpose, ConsentRecordDto, CustomerDetailDto, CustomerDto } from '../../api/client';
import { toApiError } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { consentPurposeLabel, consentSourceLabel } from '../../lib/consent';
import { OptOutReasonInput } from '../../components/OptOutReasonInput';
import { OptInBadge } from '../../components/OptInBadge';
import { ProfileCard } from '../../components/ProfileCard';
import { ConsentCheckbox, MarketingConsentCheckbox } from './CustomerForm';
import { CONSENT_WORDING, MARKETING_CONSENT_WORDING, useSetOptIn } from './customerQueries';

/** Asks staff why they opt the customer out (presets or their own words); the reason is kept with their name. */
function OptOutReasonModal({
  customer,
  purpose,
  onConfirm,
  onClose,
}: {
  customer: CustomerDto;
  purpose: ConsentPurpose;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}) {
  const [reason, setReason] = useState('');
  const offers = purpose === 'Marketing';
  return (
    <Modal
      opened
      onClose={onClose}
      centered
      title={offers ? `Stop offers to ${customer.name}?` : `Opt ${customer.name} out of WhatsApp messages?`}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onConfirm(reason.trim());
        }}
      >
        <Stack>
          <Text size="sm">
            {offers
              ? `No offer will be sent to ${customer.name} until they agree again; bills and account messages still go.`
              : `No WhatsApp message will be sent to ${customer.name} until they opt in again.`}{' '}
            The reason is recorded in the consent history with your name.
          </Text>
          <OptOutReasonInput value={reason} onChange={setReason} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" color="red" disabled={reason.trim() === ''}>
              Opt out
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * The opt-in a consent rests on: the latest opt-in record of that purpose, when the customer is opted in. That is the
 * proof to show when someone disputes consent: how it was captured, when, by whom, with which wording.
 */
function optInEvidence(history: ConsentRecordDto[], purpose: ConsentPurpose): ConsentRecordDto | undefined {
  // The history is newest first: the first record of the purpose is the current state.
  const latest = history.find((r) => (r.purpose ?? 'Service') === purpose);
  return latest?.optedIn ? latest : undefined;
}

function OptInEvidence({ record }: { record: ConsentRecordDto | undefined }) {
  if (!record) return null;
  return (
    <Text size="xs" c="dimmed" data-testid="opt-in-evidence">
      Opted in {formatDateTime(record.at)} via {consentSourceLabel(record.source)}
      {record.actor ? `, by ${record.actor}` : ''}
      {record.text ? ` — “${record.text}”` : ''}
    </Text>
  );
}

/** The customer's WhatsApp consents on their profile: service messages and offers, each with its proof, and the unsubscribe link. */
export function WhatsAppConsentCard({ detail }: { detail: CustomerDetailDto }) {
  const customer = detail.customer!;
  const change = useSetOptIn(customer);
  const [optingOut, setOptingOut] = useState<ConsentPurpose | null>(null);
  const history = detail.consentHistory ?? [];

  const onChange = (purpose: ConsentPurpose, optedIn: boolean) => {
    change.reset();
    if (optedIn) change.mutate({ purpose, optedIn });
    else setOptingOut(purpose);
  };

  return (
    <ProfileCard title="WhatsApp" actions={<OptInBadge optedIn={customer.whatsAppOptIn} />}>
      <Stack gap="sm">
        <Stack gap={4}>
          <ConsentCheckbox
            wording={detail.consentWording || CONSENT_WORDING}
            checked={!!customer.whatsAppOptIn}
            onChange={(e) => onChange('Service', e.currentTarget.checked)}
            disabled={change.isPending}
          />
          <OptInEvidence record={customer.whatsAppOptIn ? optInEvidence(history, 'Service') : undefined} />
        </Stack>
        <Stack gap={4}>
          <MarketingConsentCheckbox
            wording={detail.marketingConsentWording || MARKETING_CONSENT_WORDING}
            checked={!!customer.marketingOptIn}
            onChange={(e) => onChange('Marketing', e.currentTarget.checked)}
            disabled={change.isPending}
          />
          <OptInEvidence record={customer.marketingOptIn ? optInEvidence(history, 'Marketing') : undefined} />
        </Stack>
        {change.isPending && <Loader size="xs" type="dots" role="status" aria-label="Saving the consent" />}
        {change.error && (
          <Alert color="red" icon={<IconAlertCircle />} title="The consent was not saved" role="alert">
            {toApiError(change.error).message}
          </Alert>
        )}
        {detail.unsubscribeUrl && <UnsubscribeLink url={detail.unsubscribeUrl} />}
      </Stack>
      {optingOut && (
        <OptOutReasonModal
          customer={customer}
          purpose={optingOut}
          onClose={() => setOptingOut(null)}
          onConfirm={(reason) => {
            change.mutate({ purpose: optingOut, optedIn: false, reason });
            setOptingOut(null);
          }}
        />
      )}
    </ProfileCard>
  );
}

/** The customer's personal opt-out link, to copy into a message: it asks whether to stop offers only or everything. */
function UnsubscribeLink({ url }: { url: string }) {
  return (
    <TextInput
      label="Unsubscribe link"
      description="Their personal link to stop offers only, or every WhatsApp message."
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
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="xs" aria-label="Consent history">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={130}>Decision</Table.Th>
                <Table.Th w={80}>For</Table.Th>
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
                  <Table.Td>{consentPurposeLabel(record.purpose)}</Table.Td>
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
