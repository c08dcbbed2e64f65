import { useState } from 'react';
import { Alert, Badge, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconTicket, IconUserPlus } from '@tabler/icons-react';
import type { ConversationDto } from '../../api/client';
import { toApiError } from '../../lib/api';
import { useCustomerOptions } from '../../lib/queries/customers';
import { useTicketsOfCustomer } from '../../lib/queries/tickets';
import {
  useConversationTickets,
  useCreateCustomerFromConversation,
  useLinkCustomer,
  useLinkTicket,
  useOpenTicket,
} from './workflowQueries';

/** Below the thread's title: who it is (link an unknown contact to a customer) and its tickets. */
export function ThreadActions({ conversation: c }: { conversation: ConversationDto }) {
  return c.customerId == null ? <UnknownContact conversation={c} /> : <ConversationTickets conversation={c} />;
}

function UnknownContact({ conversation: c }: { conversation: ConversationDto }) {
  const [dialog, setDialog] = useState<'link' | 'create' | null>(null);
  return (
    <Alert color="gray" title="Unknown contact" p="xs">
      <Stack gap="xs">
        <Text size="sm">{c.phone} is no customer yet. Writing to us is not consent: a linked or new customer gets no template until they opt in.</Text>
        <Group gap="xs">
          <Button size="xs" variant="default" onClick={() => setDialog('link')}>
            Link to a customer
          </Button>
          <Button size="xs" variant="default" leftSection={<IconUserPlus size={14} />} onClick={() => setDialog('create')}>
            Create customer
          </Button>
        </Group>
      </Stack>
      <Modal opened={dialog === 'link'} onClose={() => setDialog(null)} title="Link to a customer">
        <LinkCustomerForm conversation={c} onDone={() => setDialog(null)} />
      </Modal>
      <Modal opened={dialog === 'create'} onClose={() => setDialog(null)} title="New customer from this conversation">
        <CreateCustomerForm conversation={c} onDone={() => setDialog(null)} />
      </Modal>
    </Alert>
  );
}

function LinkCustomerForm({ conversation: c, onDone }: { conversation: ConversationDto; onDone: () => void }) {
  const [search, setSearch] = useState('');
  const [customerId, setCustomerId] = useState<string | null>(null);
  const options = useCustomerOptions(search);
  const link = useLinkCustomer(c.id!);
  return (
    <Stack>
      <Select
        label="Customer"
        searchable
        placeholder="Name, phone or account number"
        searchValue={search}
        onSearchChange={setSearch}
        data={(options.data?.items ?? []).map((x) => ({ value: String(x.id), label: `${x.name} · ${x.phone}` }))}
        value={customerId}
        onChange={setCustomerId}
        error={link.error ? toApiError(link.error).message : undefined}
      />
      <Group justify="flex-end">
        <Button disabled={!customerId} loading={link.isPending} onClick={() => link.mutate(Number(customerId), { onSuccess: onDone })}>
          Link
        </Button>
      </Group>
    </Stack>
  );
}

function CreateCustomerForm({ conversation: c, onDone }: { conversation: ConversationDto; onDone: () => void }) {
  const [name, setName] = useState(c.profileName ?? '');
  const [email, setEmail] = useState('');
  const create = useCreateCustomerFromConversation(c.id!, c.phone!);
  const problem = create.error ? toApiError(create.error) : null;
  return (
    <Stack>
      <TextInput label="Name" withAsterisk maxLength={200} value={name} onChange={(e) => setName(e.currentTarget.value)} error={problem?.fieldErrors.name?.[0]} />
      <TextInput label="Phone" value={c.phone ?? ''} readOnly description="The number they wrote from." />
      <TextInput label="Email" maxLength={254} value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={problem?.fieldErrors.email?.[0]} />
      <Text size="sm" c="dimmed">
        No consent is recorded: add it on their profile when they give it.
      </Text>
      {problem && Object.keys(problem.fieldErrors).length === 0 && <Text c="red">{problem.message}</Text>}
      <Group justify="flex-end">
        <Button disabled={name.trim() === ''} loading={create.isPending} onClick={() => create.mutate({ name: name.trim(), email: email.trim() }, { onSuccess: onDone })}>
          Create and link
        </Button>
      </Group>
    </Stack>
  );
}

function ConversationTickets({ conversation: c }: { conversation: ConversationDto }) {
  const tickets = useConversationTickets(c.id!);
  const [dialog, setDialog] = useState<'open' | 'link' | null>(null);
  return (
    <Group gap="xs" aria-label="Tickets">
      {(tickets.data ?? []).map((t) => (
        <Badge key={t.id} variant="light" color={t.status === 'Open' || t.status === 'InProgress' ? 'blue' : 'gray'} leftSection={<IconTicket size={12} />}>
          {t.number} · {t.status}
        </Badge>
      ))}
      <Button size="xs" variant="default" leftSection={<IconTicket size={14} />} onClick={() => setDialog('open')}>
        Open ticket
      </Button>
      <Button size="xs" variant="subtle" onClick={() => setDialog('link')}>
        Link ticket
      </Button>
      <Modal opened={dialog === 'open'} onClose={() => setDialog(null)} title="Open a ticket">
        <OpenTicketForm conversation={c} onDone={() => setDialog(null)} />
      </Modal>
      <Modal opened={dialog === 'link'} onClose={() => setDialog(null)} title="Link a ticket">
        <LinkTicketForm conversation={c} linked={(tickets.data ?? []).map((t) => t.id!)} onDone={() => setDialog(null)} />
      </Modal>
    </Group>
  );
}

function OpenTicketForm({ conversation: c, onDone }: { conversation: ConversationDto; onDone: () => void }) {
  const [subject, setSubject] = useState('');
  const open = useOpenTicket(c.id!);
  const problem = open.error ? toApiError(open.error) : null;
  return (
    <Stack>
      <TextInput
        label="Subject"
        description="Left empty: the customer's latest message."
        maxLength={200}
        value={subject}
        onChange={(e) => setSubject(e.currentTarget.value)}
        error={problem ? (problem.fieldErrors.subject?.[0] ?? problem.message) : undefined}
      />
      <Group justify="flex-end">
        <Button loading={open.isPending} onClick={() => open.mutate({ subject: subject.trim() || null }, { onSuccess: onDone })}>
          Open ticket
        </Button>
      </Group>
    </Stack>
  );
}

function LinkTicketForm({ conversation: c, linked, onDone }: { conversation: ConversationDto; linked: number[]; onDone: () => void }) {
  const tickets = useTicketsOfCustomer(c.customerId!);
  const [ticketId, setTicketId] = useState<string | null>(null);
  const link = useLinkTicket(c.id!);
  const choices = (tickets.data ?? []).filter((t) => !linked.includes(t.id!));
  return (
    <Stack>
      <Select
        label="Ticket"
        placeholder={choices.length === 0 ? 'No other ticket of this customer' : 'Choose a ticket'}
        data={choices.map((t) => ({ value: String(t.id), label: `${t.number} · ${t.subject}` }))}
        value={ticketId}
        onChange={setTicketId}
        error={link.error ? toApiError(link.error).message : undefined}
      />
      <Group justify="flex-end">
        <Button disabled={!ticketId} loading={link.isPending} onClick={() => link.mutate(Number(ticketId), { onSuccess: onDone })}>
          Link
        </Button>
      </Group>
    </Stack>
  );
}
