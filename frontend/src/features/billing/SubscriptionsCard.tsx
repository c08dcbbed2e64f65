import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCircleCheck, IconRefresh } from '@tabler/icons-react';
import type { CustomerDto, SubscriptionDto } from '../../api/client';
import { subscriptionsClient } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { QueryTable } from '../../layout/QueryTable';
import { StatusBadge } from '../../layout/StatusBadge';
import { ProfileCard } from '../../components/ProfileCard';
import { addMonths, dateTimeInput, fromDateTimeInput } from './billingFormat';
import { refreshAfterChange, subscriptionsKey, useSubscriptions } from './billingQueries';
import { CardAction, RecordFormFrame, RecordModal, RowAction, useRecordForm } from './RecordParts';

function SubscriptionState({ subscription }: { subscription: SubscriptionDto }) {
  // As of when the row appeared: a render must not read the clock.
  const [now] = useState(Date.now);
  const expired = !!subscription.expiresAt && new Date(subscription.expiresAt).getTime() < now;
  return expired ? (
    <StatusBadge label="Expired" color="red" icon={IconAlertTriangle} />
  ) : (
    <StatusBadge label="Active" color="whatsapp" icon={IconCircleCheck} />
  );
}

interface SubscriptionValues extends Record<string, unknown> {
  plan: string;
  expiresAt: string;
}

/** Adds a subscription, or (given one) renews it or changes its plan. */
function SubscriptionForm({ customer, subscription, onDone }: { customer: CustomerDto; subscription: SubscriptionDto | null; onDone: () => void }) {
  const queryClient = useQueryClient();
  // A renewal starts one month after the current expiry (or from now, if it has passed).
  const [now] = useState(Date.now);
  const current = subscription?.expiresAt ? new Date(subscription.expiresAt) : null;
  const base = current && current.getTime() > now ? current : new Date(now);
  const { form, submitting, problem, onSubmit } = useRecordForm<SubscriptionValues, SubscriptionDto>({
    initialValues: { plan: subscription?.plan ?? customer.plan ?? '', expiresAt: dateTimeInput(addMonths(base, 1)) },
    validate: {
      plan: (value) => (value.trim() === '' ? 'Enter the plan.' : null),
      expiresAt: (value) => (fromDateTimeInput(value) === null ? 'Choose when it expires.' : null),
    },
    fields: ['plan', 'expiresAt'],
    submit: (values) => {
      const request = { customerId: customer.id, plan: values.plan.trim(), expiresAt: fromDateTimeInput(values.expiresAt) };
      return subscription ? subscriptionsClient.updateSubscription(subscription.id!, request) : subscriptionsClient.createSubscription(request);
    },
    onSaved: (saved) => {
      notifications.show({
        color: 'whatsapp',
        title: subscription ? 'Subscription updated' : 'Subscription added',
        message: `${saved.plan}, until ${formatDateTime(saved.expiresAt)}.`,
      });
      refreshAfterChange(queryClient, subscriptionsKey(customer.id!));
      onDone();
    },
  });

  return (
    <RecordFormFrame
      label={subscription ? `Renew or change ${subscription.plan}` : `New subscription for ${customer.name}`}
      problem={problem}
      submitting={submitting}
      submitLabel={subscription ? 'Save' : 'Add subscription'}
      onSubmit={onSubmit}
      onCancel={onDone}
    >
      <TextInput label="Plan" withAsterisk maxLength={100} autoComplete="off" data-autofocus {...form.getInputProps('plan')} />
      <TextInput
        label="Expires at"
        type="datetime-local"
        description="Your local time. Expiry alerts count down to it in the customer’s own days."
        withAsterisk
        {...form.getInputProps('expiresAt')}
      />
    </RecordFormFrame>
  );
}

/** The customer's subscriptions: add one, renew or change a plan (expiry alerts count down to the new date). */
export function SubscriptionsCard({ customer }: { customer: CustomerDto }) {
  const subscriptions = useSubscriptions(customer.id!);
  const [editing, setEditing] = useState<SubscriptionDto | 'new' | null>(null);
  const editedSubscription = editing === 'new' ? null : editing;

  return (
    <ProfileCard
      title="Subscriptions"
      actions={<CardAction label="Add subscription" onClick={() => setEditing('new')} />}
    >
      <QueryTable
        query={subscriptions}
        rows={subscriptions.data}
        what="subscriptions"
        empty={`${customer.name} has no subscription yet.`}
        label={`Subscriptions of ${customer.name}`}
        columns={['Plan', 'Expires', 'Status']}
        withActions
      >
        {(items) =>
          items.map((subscription) => (
            <Table.Tr key={subscription.id} data-testid="subscription-row">
              <Table.Td>
                <Text size="sm">{subscription.plan}</Text>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(subscription.expiresAt)}</Table.Td>
              <Table.Td>
                <SubscriptionState subscription={subscription} />
              </Table.Td>
              <RowAction
                icon={IconRefresh}
                label="Renew / change"
                name={`Renew or change ${subscription.plan}`}
                onClick={() => setEditing(subscription)}
              />
            </Table.Tr>
          ))
        }
      </QueryTable>
      <RecordModal
        title={editedSubscription ? `Renew or change ${editedSubscription.plan}` : `New subscription for ${customer.name}`}
        opened={editing !== null}
        onClose={() => setEditing(null)}
      >
        <SubscriptionForm customer={customer} subscription={editedSubscription} onDone={() => setEditing(null)} />
      </RecordModal>
    </ProfileCard>
  );
}
