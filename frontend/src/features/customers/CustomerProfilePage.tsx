import { useMemo, useState, type ComponentType } from 'react';
import { Link, useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Anchor, Button, Container, Grid, Group, Stack, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconHistory, IconTrash } from '@tabler/icons-react';
import type { CustomerDto, MessageDto } from '../../api/client';
import { customersClient } from '../../lib/api';
import { PageHeader } from '../../layout/PageHeader';
import { RecordSkeleton } from '../../layout/RecordSkeleton';
import { BackLink, RecordUnavailable } from '../../layout/RecordUnavailable';
import { CustomerForm } from './CustomerForm';
import { CustomerGroupsCard } from './CustomerGroupsCard';
import { ConsentHistoryCard, WhatsAppConsentCard } from './ConsentCards';
import { customerListKey } from './customerQueries';
import { isAdmin, useCurrentUser } from '../../lib/auth';
import { MessageDetailDrawer } from '../../components/messages/MessageDetailDrawer';
import { MessagesTable } from '../../components/messages/MessagesTable';
import { EMPTY_FILTERS, toMessageQuery } from '../../lib/messages';
import { useMessages } from '../../lib/queries/messages';
import { customerKey, useCustomer } from '../../lib/queries/customers';
import { ProfileCard } from '../../components/ProfileCard';
import { SendWhatsAppButton } from '../../components/send/SendWhatsAppModal';
import { QueryContent } from '../../layout/ListContent';
import { useDeleteCustomer } from './customerQueries';

/** How many of the customer's latest messages the profile shows; the Sent Log has the rest. */
export const PROFILE_MESSAGES = 10;

function CustomerMessagesCard({ customer }: { customer: CustomerDto }) {
  const query = useMemo(() => toMessageQuery({ ...EMPTY_FILTERS, customerId: customer.id ?? null }), [customer.id]);
  const messages = useMessages(query, null, PROFILE_MESSAGES);
  const [opened, setOpened] = useState<MessageDto | null>(null);
  const logLink = `/whatsapp/log?customerId=${customer.id}`;

  return (
    <ProfileCard
      title="Messages"
      actions={
        <Button component={Link} to={logLink} variant="light" size="xs" leftSection={<IconHistory size={14} />}>
          Open in Sent Log
        </Button>
      }
    >
      <QueryContent
        query={messages}
        items={messages.data && (messages.data.items ?? [])}
        what="messages"
        empty={`No WhatsApp message has been sent to ${customer.name} yet.`}
      >
        {(items) => (
          <Stack gap="xs">
            <MessagesTable messages={items} onOpen={setOpened} label={`Messages to ${customer.name}`} showRecipient={false} />
            {messages.data?.nextCursor && (
              <Anchor component={Link} to={logLink} size="sm">
                See all messages to {customer.name} in the Sent Log
              </Anchor>
            )}
          </Stack>
        )}
      </QueryContent>
      <MessageDetailDrawer message={opened} onClose={() => setOpened(null)} />
    </ProfileCard>
  );
}

function DetailsCard({ customer }: { customer: CustomerDto }) {
  const queryClient = useQueryClient();
  const id = customer.id!;
  return (
    <ProfileCard title="Details">
      <CustomerForm
        customer={customer}
        save={(payload) => customersClient.updateCustomer(id, payload)}
        onSaved={(saved) => {
          queryClient.setQueryData(customerKey(id), saved);
          void queryClient.invalidateQueries({ queryKey: customerListKey });
          notifications.show({ color: 'whatsapp', title: 'Customer saved', message: `${saved.customer?.name} was updated.` });
        }}
        submitLabel="Save"
      />
    </ProfileCard>
  );
}

/** Admins only: deletes the customer after asking, then goes back to the list. */
function DeleteCustomerButton({ customer }: { customer: CustomerDto }) {
  const remove = useDeleteCustomer(customer);

  const confirm = () =>
    modals.openConfirmModal({
      title: `Delete ${customer.name}?`,
      centered: true,
      children: (
        <Text size="sm">
          Their details, consent history and group memberships are deleted. Messages already sent stay in the Sent Log, no longer linked to
          a customer. This cannot be undone.
        </Text>
      ),
      labels: { confirm: 'Delete customer', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate(),
    });

  return (
    // Rarely wanted and not undoable: a quiet button, not the page's most prominent one.
    <Button variant="subtle" color="red" size="sm" leftSection={<IconTrash size={16} />} onClick={confirm} loading={remove.isPending}>
      Delete customer
    </Button>
  );
}

/**
 * A customer's profile: details (editable), WhatsApp consent with its wording, history and unsubscribe link, their
 * groups, bills, subscriptions, tickets and diagnostics, and the messages sent to them. Cards stack in a grid. Admins may delete the customer.
 * The bills … diagnostics cards are the billing feature's (`Records`, columns of the grid): the app hands them in, as a
 * feature never imports another.
 */
export function CustomerProfilePage({ Records }: { Records?: ComponentType<{ customer: CustomerDto }> }) {
  const { id: idParam } = useParams();
  const id = /^\d+$/.test(idParam ?? '') ? Number(idParam) : null;
  const detail = useCustomer(id);
  const customer = detail.data?.customer;
  const admin = isAdmin(useCurrentUser().data);
  const back = { to: '/customers', label: 'All customers' };

  if (id === null || detail.error) {
    return <RecordUnavailable error={id === null ? null : detail.error} noun="Customer" back={back} goneText="This customer does not exist, or was removed." />;
  }

  if (!detail.data || !customer) {
    return <RecordSkeleton label="Loading customer" />;
  }

  return (
    <Container size="xl" px={0}>
      <PageHeader
        title={customer.name ?? 'Customer'}
        description={
          <Stack gap={4} component="span">
            <BackLink {...back} />
            <span>{[customer.phone, customer.accountNumber && `Account ${customer.accountNumber}`, customer.plan].filter(Boolean).join(' · ')}</span>
          </Stack>
        }
        actions={
          <Group gap="sm">
            {admin && <DeleteCustomerButton customer={customer} />}
            <SendWhatsAppButton customer={customer} />
          </Group>
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <DetailsCard key={customer.id} customer={customer} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <WhatsAppConsentCard detail={detail.data} />
            <CustomerGroupsCard key={customer.id} detail={detail.data} />
          </Stack>
        </Grid.Col>
        {/* The proof behind the WhatsApp card, right below it rather than under the billing cards. */}
        <Grid.Col span={12}>
          <ConsentHistoryCard history={detail.data.consentHistory ?? []} />
        </Grid.Col>
        {Records && <Records key={customer.id} customer={customer} />}
        <Grid.Col span={12}>
          <CustomerMessagesCard customer={customer} />
        </Grid.Col>
      </Grid>
    </Container>
  );
}
