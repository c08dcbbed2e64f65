import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Group, NumberInput, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCash, IconCircleCheck, IconClock, IconFileTypePdf } from '@tabler/icons-react';
import type { BillDto, CustomerDto } from '../../api/client';
import { billsClient } from '../../lib/api';
import { QueryTable } from '../../layout/QueryTable';
import { StatusBadge } from '../../layout/StatusBadge';
import { ProfileCard } from '../../components/ProfileCard';
import { dayInput, daysUntil, formatDay, formatMoney, numberOrNull } from './billingFormat';
import { billsKey, refreshAfterChange, useBills } from './billingQueries';
import { CardAction, RecordFormFrame, RecordModal, useRecordForm } from './RecordParts';

/** Days a new bill is due in, by default. */
export const DEFAULT_DUE_IN_DAYS = 14;

/** What is left to pay on a bill. */
export function amountDue(bill: BillDto): number {
  return Math.max(0, Math.round(((bill.amount ?? 0) - (bill.amountPaid ?? 0)) * 10_000) / 10_000);
}

/** Where staff download a bill as a PDF (GET /api/customers/{id}/bills/{billId}/pdf). */
export function billPdfUrl(customerId: number, billId: number): string {
  return `/api/customers/${customerId}/bills/${billId}/pdf`;
}

/** Paid, unpaid or overdue, in words with an icon. */
function BillStatus({ bill }: { bill: BillDto }) {
  if (bill.status === 'Paid') {
    return (
      <StatusBadge label="Paid" color="whatsapp" icon={IconCircleCheck} />
    );
  }
  const overdue = !!bill.dueDate && daysUntil(bill.dueDate) < 0;
  return overdue ? (
    <StatusBadge label="Overdue" color="red" icon={IconAlertTriangle} />
  ) : (
    <StatusBadge label="Unpaid" color="yellow" icon={IconClock} />
  );
}

interface BillValues extends Record<string, unknown> {
  amount: number | string;
  currency: string;
  dueDate: string;
  number: string;
}

function NewBillForm({ customer, onDone }: { customer: CustomerDto; onDone: () => void }) {
  const queryClient = useQueryClient();
  const { form, submitting, problem, onSubmit } = useRecordForm<BillValues, BillDto>({
    initialValues: { amount: '', currency: 'USD', dueDate: dayInput(new Date(), DEFAULT_DUE_IN_DAYS), number: '' },
    validate: {
      amount: (value) => (numberOrNull(value as number | string) === null ? 'Enter the amount.' : null),
      dueDate: (value) => (value ? null : 'Choose the due date.'),
    },
    fields: ['amount', 'currency', 'dueDate', 'number'],
    submit: (values) =>
      billsClient.createBill({
        customerId: customer.id,
        amount: numberOrNull(values.amount),
        currency: values.currency.trim().toUpperCase(),
        dueDate: values.dueDate,
        number: values.number.trim() || null,
      }),
    onSaved: (bill) => {
      notifications.show({ color: 'whatsapp', title: `Bill ${bill.number} created`, message: `${formatMoney(bill.amount, bill.currency)} due ${formatDay(bill.dueDate)}.` });
      refreshAfterChange(queryClient, billsKey(customer.id!));
      onDone();
    },
  });

  return (
    <RecordFormFrame label={`New bill for ${customer.name}`} problem={problem} submitting={submitting} submitLabel="Create bill" onSubmit={onSubmit} onCancel={onDone}>
      <SimpleGrid cols={2} spacing="sm">
        <NumberInput label="Amount" withAsterisk min={0} decimalScale={4} hideControls data-autofocus {...form.getInputProps('amount')} />
        <TextInput label="Currency" description="Three letters, e.g. USD." withAsterisk maxLength={3} autoComplete="off" {...form.getInputProps('currency')} />
        <TextInput label="Due date" type="date" withAsterisk {...form.getInputProps('dueDate')} />
        <TextInput label="Bill number" description="Left empty, one is assigned." maxLength={50} autoComplete="off" {...form.getInputProps('number')} />
      </SimpleGrid>
    </RecordFormFrame>
  );
}

interface PaymentValues extends Record<string, unknown> {
  amount: number | string;
}

function PaymentForm({ customer, bill, onDone }: { customer: CustomerDto; bill: BillDto; onDone: () => void }) {
  const queryClient = useQueryClient();
  const { form, submitting, problem, onSubmit } = useRecordForm({
    initialValues: { amount: amountDue(bill) } as PaymentValues,
    validate: { amount: (value) => (numberOrNull(value as number | string) === null ? 'Enter the amount paid.' : null) },
    fields: ['amount'],
    submit: (values) => billsClient.addPayment(bill.id!, { amount: numberOrNull(values.amount) }),
    onSaved: (result) => {
      const paid = result.bill?.status === 'Paid';
      notifications.show({
        color: 'whatsapp',
        title: 'Payment recorded',
        message: `${formatMoney(result.payment?.amount, bill.currency)} on bill ${bill.number}${paid ? ', now paid in full' : ''}.`,
      });
      refreshAfterChange(queryClient, billsKey(customer.id!));
      onDone();
    },
  });

  return (
    <RecordFormFrame label={`Payment on bill ${bill.number}`} problem={problem} submitting={submitting} submitLabel="Record payment" onSubmit={onSubmit} onCancel={onDone}>
      <Text size="sm">
        Bill {bill.number}: {formatMoney(bill.amount, bill.currency)}, {formatMoney(bill.amountPaid ?? 0, bill.currency)} paid so far.
      </Text>
      <NumberInput
        label={`Amount paid (${bill.currency})`}
        description="Recorded as paid now. The bill is paid once its payments cover it."
        withAsterisk
        min={0}
        decimalScale={4}
        hideControls
        data-autofocus
        {...form.getInputProps('amount')}
      />
    </RecordFormFrame>
  );
}

/** The customer's bills: new bill (raises bill.created) and payments on unpaid ones (raise payment.received). */
export function BillsCard({ customer }: { customer: CustomerDto }) {
  const bills = useBills(customer.id!);
  const [creating, setCreating] = useState(false);
  const [paying, setPaying] = useState<BillDto | null>(null);

  return (
    <ProfileCard
      title="Bills"
      actions={<CardAction label="New bill" onClick={() => setCreating(true)} />}
    >
      <QueryTable
        query={bills}
        rows={bills.data}
        what="bills"
        empty={`No bill for ${customer.name} yet.`}
        label={`Bills of ${customer.name}`}
        columns={['Number', 'Amount', 'Due', 'Status']}
        withActions
      >
        {(items) =>
          items.map((bill) => (
            <Table.Tr key={bill.id} data-testid="bill-row">
              <Table.Td>{bill.number}</Table.Td>
              <Table.Td>
                <Stack gap={0}>
                  <Text size="sm">{formatMoney(bill.amount, bill.currency)}</Text>
                  {bill.status !== 'Paid' && (bill.amountPaid ?? 0) > 0 && (
                    <Text size="xs" c="dimmed">
                      {formatMoney(bill.amountPaid, bill.currency)} paid
                    </Text>
                  )}
                </Stack>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDay(bill.dueDate)}</Table.Td>
              <Table.Td>
                <BillStatus bill={bill} />
              </Table.Td>
              <Table.Td>
                <Group justify="flex-end" gap="xs" wrap="nowrap">
                  {/* A plain link: the auth cookie goes with it and the browser saves or shows the file. */}
                  <Button
                    component="a"
                    href={billPdfUrl(customer.id!, bill.id!)}
                    download
                    size="xs"
                    variant="default"
                    leftSection={<IconFileTypePdf size={14} />}
                    aria-label={`Download bill ${bill.number} as PDF`}
                  >
                    PDF
                  </Button>
                  {bill.status !== 'Paid' && (
                    <Button size="xs" variant="default" leftSection={<IconCash size={14} />} onClick={() => setPaying(bill)} aria-label={`Record payment on ${bill.number}`}>
                      Record payment
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))
        }
      </QueryTable>
      <RecordModal title={`New bill for ${customer.name}`} opened={creating} onClose={() => setCreating(false)}>
        <NewBillForm customer={customer} onDone={() => setCreating(false)} />
      </RecordModal>
      <RecordModal title={`Record payment on ${paying?.number ?? ''}`} opened={paying !== null} onClose={() => setPaying(null)}>
        {paying && <PaymentForm customer={customer} bill={paying} onDone={() => setPaying(null)} />}
      </RecordModal>
    </ProfileCard>
  );
}
