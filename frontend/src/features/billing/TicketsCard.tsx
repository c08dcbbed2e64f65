import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Anchor, Select, Table, Text, TextInput } from '@mantine/core';
import { Link } from 'react-router';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle } from '@tabler/icons-react';
import type { CustomerDto, TicketDto, TicketStatus } from '../../api/client';
import { ticketsClient, toApiError } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { QueryTable } from '../../layout/QueryTable';
import { ProfileCard } from '../../components/ProfileCard';
import { useConversationOfTicket } from '../../lib/queries/tickets';
import { refreshAfterChange, ticketsKey, useChangeTicketStatus, useTickets } from './billingQueries';
import { TICKET_STATUSES } from './billingFormat';
import { CardAction, RecordFormFrame, RecordModal, useRecordForm } from './RecordParts';

interface TicketValues extends Record<string, unknown> {
  subject: string;
  number: string;
}

function NewTicketForm({ customer, onDone }: { customer: CustomerDto; onDone: () => void }) {
  const queryClient = useQueryClient();
  const { form, submitting, problem, onSubmit } = useRecordForm<TicketValues, TicketDto>({
    initialValues: { subject: '', number: '' },
    validate: { subject: (value) => (value.trim() === '' ? 'Say what the ticket is about.' : null) },
    fields: ['subject', 'number'],
    submit: (values) => ticketsClient.createTicket({ customerId: customer.id, subject: values.subject.trim(), number: values.number.trim() || null }),
    onSaved: (ticket) => {
      notifications.show({ color: 'whatsapp', title: `Ticket ${ticket.number} opened`, message: ticket.subject });
      refreshAfterChange(queryClient, ticketsKey(customer.id!));
      onDone();
    },
  });
  return (
    <RecordFormFrame label={`New ticket for ${customer.name}`} problem={problem} submitting={submitting} submitLabel="Open ticket" onSubmit={onSubmit} onCancel={onDone}>
      <TextInput label="Subject" withAsterisk maxLength={200} autoComplete="off" data-autofocus {...form.getInputProps('subject')} />
      <TextInput label="Ticket number" description="Left empty, one is assigned." maxLength={50} autoComplete="off" {...form.getInputProps('number')} />
    </RecordFormFrame>
  );
}

/** The ticket's status as a pick: choosing another one saves it (raises ticket.status_changed). */
function TicketStatusSelect({ customer, ticket }: { customer: CustomerDto; ticket: TicketDto }) {
  const change = useChangeTicketStatus(customer, ticket);
  return (
    <>
      <Select
        aria-label={`Status of ${ticket.number}`}
        data={TICKET_STATUSES}
        value={change.isPending ? (change.variables ?? null) : (ticket.status ?? null)}
        onChange={(value) => value && value !== ticket.status && change.mutate(value as TicketStatus)}
        allowDeselect={false}
        disabled={change.isPending}
        size="xs"
        w={150}
        error={change.error ? true : undefined}
      />
      {change.error && (
        <Alert color="red" icon={<IconAlertCircle size={16} />} p="xs" mt={4} role="alert" title="The status was not changed">
          {toApiError(change.error).message}
        </Alert>
      )}
    </>
  );
}

/** Where the ticket came from, when it was opened from (or linked to) a WhatsApp conversation. */
function TicketConversationLink({ ticket }: { ticket: TicketDto }) {
  const { data: conversation } = useConversationOfTicket(ticket.id!);
  return conversation ? (
    <Anchor component={Link} to={`/whatsapp/inbox?c=${conversation.id}`} size="xs">
      WhatsApp conversation
    </Anchor>
  ) : null;
}

/** The customer's support tickets: open one (raises ticket.created), move it along. */
export function TicketsCard({ customer }: { customer: CustomerDto }) {
  const tickets = useTickets(customer.id!);
  const [creating, setCreating] = useState(false);
  return (
    <ProfileCard
      title="Tickets"
      actions={<CardAction label="New ticket" onClick={() => setCreating(true)} />}
    >
      <QueryTable
        query={tickets}
        rows={tickets.data}
        what="tickets"
        empty={`No ticket for ${customer.name} yet.`}
        label={`Tickets of ${customer.name}`}
        columns={['Number', 'Subject', 'Updated', 'Status']}
      >
        {(items) =>
          items.map((ticket) => (
            <Table.Tr key={ticket.id} data-testid="ticket-row">
              <Table.Td>{ticket.number}</Table.Td>
              <Table.Td>
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {ticket.subject}
                </Text>
                <TicketConversationLink ticket={ticket} />
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(ticket.updatedAt)}</Table.Td>
              <Table.Td>
                <TicketStatusSelect customer={customer} ticket={ticket} />
              </Table.Td>
            </Table.Tr>
          ))
        }
      </QueryTable>
      <RecordModal title={`New ticket for ${customer.name}`} opened={creating} onClose={() => setCreating(false)}>
        <NewTicketForm customer={customer} onDone={() => setCreating(false)} />
      </RecordModal>
    </ProfileCard>
  );
}
