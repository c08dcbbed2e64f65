import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Table, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCircleCheck, IconLoader, IconPlayerPlay, IconReportMedical } from '@tabler/icons-react';
import type { CustomerDto, DiagnosticDto } from '../../api/client';
import { diagnosticsClient } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { QueryTable } from '../../layout/QueryTable';
import { StatusBadge } from '../../layout/StatusBadge';
import { ProfileCard } from '../../components/ProfileCard';
import { diagnosticsKey, refreshAfterChange, useDiagnostics, useStartDiagnostic } from './billingQueries';
import { CardAction, RecordFormFrame, RecordModal, RowAction, useRecordForm } from './RecordParts';

function DiagnosticState({ diagnostic }: { diagnostic: DiagnosticDto }) {
  return diagnostic.status === 'Completed' ? (
    <StatusBadge label="Completed" color="whatsapp" icon={IconCircleCheck} />
  ) : (
    <StatusBadge label="Running" color="blue" icon={IconLoader} />
  );
}

interface CompleteValues extends Record<string, unknown> {
  summary: string;
}

function CompleteForm({ customer, diagnostic, onDone }: { customer: CustomerDto; diagnostic: DiagnosticDto; onDone: () => void }) {
  const queryClient = useQueryClient();
  const { form, submitting, problem, onSubmit } = useRecordForm<CompleteValues, DiagnosticDto>({
    initialValues: { summary: '' },
    validate: { summary: (value) => (value.trim() === '' ? 'Summarise the result.' : null) },
    fields: ['summary'],
    submit: (values) => diagnosticsClient.completeDiagnostic(diagnostic.id!, { summary: values.summary.trim() }),
    onSaved: () => {
      notifications.show({ color: 'whatsapp', title: 'Diagnostic completed', message: `The result of diagnostic #${diagnostic.id} was recorded.` });
      refreshAfterChange(queryClient, diagnosticsKey(customer.id!));
      onDone();
    },
  });
  return (
    <RecordFormFrame
      label={`Complete diagnostic #${diagnostic.id}`}
      problem={problem}
      submitting={submitting}
      submitLabel="Complete"
      onSubmit={onSubmit}
      onCancel={onDone}
    >
      <Textarea
        label="Result summary"
        description="What the customer is told, e.g. Line OK, 480 Mbps down / 95 Mbps up."
        withAsterisk
        rows={3}
        maxLength={1000}
        data-autofocus
        {...form.getInputProps('summary')}
      />
    </RecordFormFrame>
  );
}

/** The customer's line diagnostics: start one, then complete it with a summary (raises diagnostic.completed). */
export function DiagnosticsCard({ customer }: { customer: CustomerDto }) {
  const diagnostics = useDiagnostics(customer.id!);
  const [completing, setCompleting] = useState<DiagnosticDto | null>(null);
  const start = useStartDiagnostic(customer);

  return (
    <ProfileCard
      title="Diagnostics"
      actions={<CardAction icon={IconPlayerPlay} label="Start diagnostic" onClick={() => start.mutate()} loading={start.isPending} />}
    >
      <QueryTable
        query={diagnostics}
        rows={diagnostics.data}
        what="diagnostics"
        empty={`No diagnostic run for ${customer.name} yet.`}
        label={`Diagnostics of ${customer.name}`}
        columns={['Started', 'Status', 'Result']}
        withActions
      >
        {(items) =>
          items.map((diagnostic) => (
            <Table.Tr key={diagnostic.id} data-testid="diagnostic-row">
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Text size="sm">{formatDateTime(diagnostic.startedAt)}</Text>
                <Text size="xs" c="dimmed">
                  #{diagnostic.id}
                  {diagnostic.startedBy ? ` by ${diagnostic.startedBy}` : ''}
                </Text>
              </Table.Td>
              <Table.Td>
                <DiagnosticState diagnostic={diagnostic} />
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={diagnostic.summary ? undefined : 'dimmed'} style={{ overflowWrap: 'anywhere' }}>
                  {diagnostic.summary || '—'}
                </Text>
              </Table.Td>
              {diagnostic.status !== 'Completed' ? (
                <RowAction
                  icon={IconReportMedical}
                  label="Complete"
                  name={`Complete diagnostic #${diagnostic.id}`}
                  onClick={() => setCompleting(diagnostic)}
                />
              ) : (
                <Table.Td />
              )}
            </Table.Tr>
          ))
        }
      </QueryTable>
      <RecordModal title={`Complete diagnostic #${completing?.id ?? ''}`} opened={completing !== null} onClose={() => setCompleting(null)}>
        {completing && <CompleteForm customer={customer} diagnostic={completing} onDone={() => setCompleting(null)} />}
      </RecordModal>
    </ProfileCard>
  );
}
