import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import { Grid } from '@mantine/core';
import type { BillDto, CustomerDto } from '../../api/client';
import { renderAtRoute } from '../../test/renderAtRoute';
import { SwaggerException } from '../../api/client';

const billsClient = vi.hoisted(() => ({ listBills: vi.fn(), createBill: vi.fn(), addPayment: vi.fn() }));
const subscriptionsClient = vi.hoisted(() => ({ listSubscriptions: vi.fn(), createSubscription: vi.fn(), updateSubscription: vi.fn() }));
const ticketsClient = vi.hoisted(() => ({ listTickets: vi.fn(), createTicket: vi.fn(), changeTicketStatus: vi.fn() }));
const diagnosticsClient = vi.hoisted(() => ({ listDiagnostics: vi.fn(), startDiagnostic: vi.fn(), completeDiagnostic: vi.fn() }));
const conversationsClient = vi.hoisted(() => ({ getConversationOfTicket: vi.fn() }));

vi.mock('../../lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../lib/api')>()),
  billsClient,
  subscriptionsClient,
  ticketsClient,
  diagnosticsClient,
  conversationsClient,
}));

const { CustomerRecordsCards } = await import('./CustomerRecordsCards');

const customer: CustomerDto = { id: 5, name: 'Ana Souza', phone: '+14155550123', plan: 'Fiber 300', whatsAppOptIn: true };

const bill = (overrides: Partial<BillDto> = {}): BillDto => ({
  id: 3,
  customerId: 5,
  number: 'B-00003',
  amount: 49.9,
  currency: 'USD',
  dueDate: '2099-12-01',
  status: 'Unpaid',
  amountPaid: 0,
  payments: [],
  ...overrides,
});

function renderCards() {
  renderAtRoute('/customers/5', <Route path="/customers/5" element={<Grid><CustomerRecordsCards customer={customer} /></Grid>} />);
}

const card = (name: string) => screen.getByRole('region', { name });

describe('CustomerRecordsCards', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    billsClient.listBills.mockResolvedValue([]);
    subscriptionsClient.listSubscriptions.mockResolvedValue([]);
    ticketsClient.listTickets.mockResolvedValue([]);
    diagnosticsClient.listDiagnostics.mockResolvedValue([]);
    // Tickets opened in the app have no conversation: the API answers 404.
    conversationsClient.getConversationOfTicket.mockRejectedValue(new SwaggerException('Not Found', 404, '', {}, null));
  });

  it('recording a payment calls the payments endpoint of that bill with the amount typed', async () => {
    const user = userEvent.setup();
    billsClient.listBills.mockResolvedValue([bill(), bill({ id: 2, number: 'B-00002', status: 'Paid', amountPaid: 49.9 })]);
    billsClient.addPayment.mockResolvedValue({ payment: { id: 1, billId: 3, amount: 20 }, bill: bill({ amountPaid: 20 }) });
    renderCards();

    const bills = await screen.findByRole('table', { name: 'Bills of Ana Souza' });
    const [unpaid, paid] = within(bills).getAllByTestId('bill-row');
    expect(unpaid).toHaveTextContent('Unpaid');
    expect(paid).toHaveTextContent('Paid');
    expect(within(paid).queryByRole('button', { name: /Record payment/ })).not.toBeInTheDocument();
    expect(billsClient.listBills).toHaveBeenCalledWith(5, null, expect.anything());

    await user.click(within(unpaid).getByRole('button', { name: 'Record payment on B-00003' }));
    const dialog = await screen.findByRole('dialog', { name: 'Record payment on B-00003' });
    const amount = within(dialog).getByRole('textbox', { name: 'Amount paid (USD)' });
    expect(amount).toHaveValue('49.9');
    await user.clear(amount);
    await user.type(amount, '20');
    await user.click(within(dialog).getByRole('button', { name: 'Record payment' }));

    await waitFor(() => expect(billsClient.addPayment).toHaveBeenCalledWith(3, { amount: 20 }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('each bill has a PDF link to its own download', async () => {
    billsClient.listBills.mockResolvedValue([bill(), bill({ id: 2, number: 'B-00002', status: 'Paid', amountPaid: 49.9 })]);
    renderCards();

    const bills = await screen.findByRole('table', { name: 'Bills of Ana Souza' });
    const [unpaid, paid] = within(bills).getAllByTestId('bill-row');
    expect(within(unpaid).getByRole('link', { name: 'Download bill B-00003 as PDF' })).toHaveAttribute('href', '/api/customers/5/bills/3/pdf');
    expect(within(paid).getByRole('link', { name: 'Download bill B-00002 as PDF' })).toHaveAttribute('href', '/api/customers/5/bills/2/pdf');
  });

  it('a new bill is sent with its fields, and a refused one shows the problem on its input', async () => {
    const user = userEvent.setup();
    billsClient.createBill.mockRejectedValueOnce({
      status: 400,
      title: 'One or more validation errors occurred.',
      errors: { currency: ['Use a three-letter currency code such as USD.'] },
    });
    billsClient.createBill.mockResolvedValueOnce(bill());
    renderCards();

    await user.click(within(await screen.findByRole('region', { name: 'Bills' })).getByRole('button', { name: 'New bill' }));
    const dialog = await screen.findByRole('dialog', { name: 'New bill for Ana Souza' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Amount' }), '49.90');
    const currency = within(dialog).getByRole('textbox', { name: 'Currency' });
    await user.clear(currency);
    await user.type(currency, 'us');
    const due = within(dialog).getByLabelText(/Due date/);
    await user.clear(due);
    await user.type(due, '2099-12-01');
    await user.click(within(dialog).getByRole('button', { name: 'Create bill' }));

    await waitFor(() =>
      expect(billsClient.createBill).toHaveBeenCalledWith({ customerId: 5, amount: 49.9, currency: 'US', dueDate: '2099-12-01', number: null }),
    );
    await waitFor(() => expect(currency).toHaveAttribute('aria-invalid', 'true'));
    expect(currency).toHaveAccessibleDescription(expect.stringContaining('three-letter currency code'));

    await user.type(currency, 'd');
    await user.click(within(dialog).getByRole('button', { name: 'Create bill' }));
    await waitFor(() => expect(billsClient.createBill).toHaveBeenLastCalledWith(expect.objectContaining({ currency: 'USD' })));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('changing a ticket’s status saves it', async () => {
    const user = userEvent.setup();
    ticketsClient.listTickets.mockResolvedValue([{ id: 8, customerId: 5, number: 'T-00008', subject: 'No internet', status: 'Open' }]);
    ticketsClient.changeTicketStatus.mockResolvedValue({ id: 8, number: 'T-00008', subject: 'No internet', status: 'Resolved' });
    renderCards();

    await user.click(await screen.findByRole('combobox', { name: 'Status of T-00008' }));
    await user.click(await screen.findByRole('option', { name: 'Resolved', hidden: true }));
    await waitFor(() => expect(ticketsClient.changeTicketStatus).toHaveBeenCalledWith(8, { status: 'Resolved' }));
  });

  it('a running diagnostic is completed with its summary', async () => {
    const user = userEvent.setup();
    diagnosticsClient.listDiagnostics.mockResolvedValue([{ id: 4, customerId: 5, status: 'Running', startedAt: '2026-01-02T10:00:00Z' }]);
    diagnosticsClient.completeDiagnostic.mockResolvedValue({ id: 4, status: 'Completed', summary: 'Line OK' });
    renderCards();

    await user.click(await screen.findByRole('button', { name: 'Complete diagnostic #4' }));
    const dialog = await screen.findByRole('dialog', { name: 'Complete diagnostic #4' });
    await user.click(within(dialog).getByRole('button', { name: 'Complete' }));
    expect(within(dialog).getByRole('textbox', { name: 'Result summary' })).toHaveAccessibleDescription(expect.stringContaining('Summarise the result.'));
    expect(diagnosticsClient.completeDiagnostic).not.toHaveBeenCalled();

    await user.type(within(dialog).getByRole('textbox', { name: 'Result summary' }), 'Line OK, 480 Mbps down');
    await user.click(within(dialog).getByRole('button', { name: 'Complete' }));
    await waitFor(() => expect(diagnosticsClient.completeDiagnostic).toHaveBeenCalledWith(4, { summary: 'Line OK, 480 Mbps down' }));
    expect(card('Diagnostics')).toBeInTheDocument();
  });

  it('a ticket opened from a WhatsApp conversation links to it', async () => {
    ticketsClient.listTickets.mockResolvedValue([
      { id: 8, customerId: 5, number: 'T-00008', subject: 'No internet', status: 'Open' },
      { id: 9, customerId: 5, number: 'T-00009', subject: 'Invoice copy', status: 'Open' },
    ]);
    conversationsClient.getConversationOfTicket.mockImplementation(async (ticketId: number) => {
      if (ticketId === 8) return { id: 12, phone: customer.phone, name: customer.name };
      throw new SwaggerException('Not Found', 404, '', {}, null);
    });
    renderCards();

    const link = await within(card('Tickets')).findByRole('link', { name: 'WhatsApp conversation' });
    expect(link).toHaveAttribute('href', '/whatsapp/inbox?c=12');
    expect(within(card('Tickets')).getAllByRole('link', { name: 'WhatsApp conversation' })).toHaveLength(1);
  });
});
