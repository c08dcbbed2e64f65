import { beforeEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import type { MessageDetailDto, MessageDto, MessagePage } from '../../api/client';
import { currentSearchParams as search, renderAtRoute } from '../../test/renderAtRoute';

const messagesClient = vi.hoisted(() => ({ listMessages: vi.fn(), getMessage: vi.fn(), countMessages: vi.fn() }));
const templatesClient = vi.hoisted(() => ({ listTemplates: vi.fn() }));
const customersClient = vi.hoisted(() => ({ getCustomer: vi.fn() }));
const providersClient = vi.hoisted(() => ({ listProviderSummaries: vi.fn() }));

vi.mock('../../lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../lib/api')>()),
  messagesClient,
  templatesClient,
  customersClient,
  providersClient,
}));

const { SentLogPage, EMPTY_LOG_TEXT } = await import('./SentLogPage');

const message = (overrides: Partial<MessageDto>): MessageDto => ({
  id: 101,
  to: '+14155550123',
  customerId: 7,
  customerName: 'Ana Souza',
  templateId: 3,
  templateName: 'bill_due',
  language: 'en',
  parameters: { '1': 'Ana', '2': '$20' },
  providerId: 2,
  providerType: 'twilio',
  providerMessageId: 'SM123',
  status: 'Delivered',
  error: null,
  attempts: 1,
  source: 'Manual',
  createdAt: '2025-05-12T14:03:00Z',
  ...overrides,
});

const page = (items: MessageDto[], nextCursor: string | null = null): MessagePage => ({ items, nextCursor });

/** The listMessages argument positions, as the generated client takes them. */
const arg = { status: 0, templateId: 2, customerId: 4, from: 6, to: 7, errorCode: 8, q: 9, cursor: 10, limit: 11 } as const;
const lastListCall = () => messagesClient.listMessages.mock.lastCall as unknown[];

const renderPage = (path = '/whatsapp/log') => renderAtRoute(path, <Route path="/whatsapp/log" element={<SentLogPage />} />);

describe('SentLogPage', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    templatesClient.listTemplates.mockResolvedValue([
      { id: 3, name: 'bill_due', language: 'en' },
      { id: 4, name: 'outage_over', language: 'en' },
    ]);
    providersClient.listProviderSummaries.mockResolvedValue([
      { id: 2, name: 'Main Twilio', providerType: 'twilio', isActive: true },
      { id: 4, name: 'Meta backup', providerType: 'meta', isActive: false },
    ]);
    customersClient.getCustomer.mockResolvedValue({ customer: { id: 7, name: 'Ana Souza', phone: '+14155550123' } });
    messagesClient.listMessages.mockResolvedValue(page([message({})]));
    messagesClient.countMessages.mockResolvedValue({ count: 1234, estimated: false });
  });

  it('reads the filters from the address and asks the API with them', async () => {
    renderPage('/whatsapp/log?status=Failed&templateId=3&providerId=4&customerId=7&q=ana&from=2025-05-01&to=2025-05-31&limit=25');

    await screen.findByRole('row', { name: 'Message to Ana Souza' });
    expect(messagesClient.listMessages).toHaveBeenCalledWith(
      'Failed',
      null,
      3,
      4,
      7,
      null,
      new Date(2025, 4, 1).toISOString(),
      // The last day is included: the API's `to` is the start of the day after.
      new Date(2025, 5, 1).toISOString(),
      null,
      'ana',
      null,
      25,
      expect.anything(),
    );
    expect(screen.getByRole('searchbox', { name: 'Search' })).toHaveValue('ana');
    expect(screen.getByRole('combobox', { name: 'Status' })).toHaveValue('Failed');
    expect(screen.getByLabelText('From')).toHaveValue('2025-05-01');
    expect(screen.getByLabelText('To')).toHaveValue('2025-05-31');
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Template' })).toHaveValue('bill_due (en)'));
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Provider' })).toHaveValue('Meta backup'));
    // The customer filter comes with a link from the profile: shown by name, with a way to drop it.
    expect(await screen.findByText('Ana Souza', { selector: 'p' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Remove the customer filter' })).toBeInTheDocument();
    expect(await screen.findByTestId('message-count')).toHaveTextContent('1,234 messages');
    expect(messagesClient.countMessages).toHaveBeenLastCalledWith(
      'Failed', null, 3, 4, 7, null, new Date(2025, 4, 1).toISOString(), new Date(2025, 5, 1).toISOString(), null, 'ana', expect.anything(),
    );
  });

  it('links a broadcast message to its broadcast; other sources are plain text', async () => {
    messagesClient.listMessages.mockResolvedValue(
      page([message({ id: 1, source: 'Broadcast', broadcastId: 12 }), message({ id: 2, source: 'Automation', eventType: 'payment.received' })]),
    );
    renderPage();
    expect(await screen.findByRole('link', { name: 'Broadcast #12' })).toHaveAttribute('href', '/whatsapp/broadcasts/12');
    expect(screen.getByText('Automation · payment.received')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /Automation/ })).not.toBeInTheDocument();
  });

  it('shows what each message cost, the category it was charged as, and whether the price is the provider’s or the card’s', async () => {
    messagesClient.listMessages.mockResolvedValue(
      page([
        message({ id: 1, pricingCategory: 'utility', billable: true, cost: 0.0068, costCurrency: 'USD', costSource: 'provider' }),
        message({ id: 2, customerName: 'Bo', pricingCategory: 'utility', billable: false, cost: 0, costCurrency: 'USD', costSource: 'card' }),
      ]),
    );
    renderPage();
    const paid = await screen.findByRole('row', { name: 'Message to Ana Souza' });
    expect(paid).toHaveTextContent(/0\.0068/);
    expect(paid).toHaveTextContent('utility · provider’s price');
    expect(screen.getByRole('columnheader', { name: 'Cost' })).toBeInTheDocument();
    expect(screen.getByRole('row', { name: 'Message to Bo' })).toHaveTextContent('utility · free · rate card estimate');
  });

  it('keeps a half-typed year in the date input and applies From and To together, even set one right after the other', async () => {
    renderPage('/whatsapp/log');
    await screen.findByRole('row', { name: 'Message to Ana Souza' });
    const fromInput = screen.getByLabelText('From');
    const toInput = screen.getByLabelText('To');

    // What Chromium reports while the year's first digit is typed: not a day to filter by, and not emptied.
    fireEvent.change(fromInput, { target: { value: '0002-05-01' } });
    expect(fromInput).toHaveValue('0002-05-01');
    expect(search().get('from')).toBeNull();

    // Both in the same tick, before the router has caught up with the first: neither is lost.
    act(() => {
      fireEvent.change(fromInput, { target: { value: '2025-05-01' } });
      fireEvent.change(toInput, { target: { value: '2025-05-31' } });
    });
    await waitFor(() => expect(search().get('to')).toBe('2025-05-31'));
    expect(search().get('from')).toBe('2025-05-01');
    await waitFor(() => expect(lastListCall()[arg.to]).toBe(new Date(2025, 5, 1).toISOString()));
    expect(lastListCall()[arg.from]).toBe(new Date(2025, 4, 1).toISOString());
    expect(fromInput).toHaveValue('2025-05-01');

    fireEvent.change(toInput, { target: { value: '2025-04-30' } });
    expect(await screen.findByText('Ends before “From”: nothing matches.')).toBeInTheDocument();
  });

  it('shows a canceled message’s reason in grey, not as a red error', async () => {
    messagesClient.listMessages.mockResolvedValue(
      page([
        message({ id: 1, status: 'Canceled', error: { code: 'broadcast_canceled', message: 'The broadcast was canceled.' } }),
        message({ id: 2, customerName: 'Ben', status: 'Failed', error: { code: '63016', message: 'Outside the window' } }),
      ]),
    );
    renderPage();
    const canceled = await screen.findByText('The broadcast was canceled.');
    expect(canceled).not.toHaveTextContent('Error');
    expect(canceled.getAttribute('style') ?? '').toContain('dimmed');
    expect(screen.getByText('Error 63016: Outside the window').getAttribute('style') ?? '').toContain('red');
  });

  it('says "at least" when the count reached its cap', async () => {
    messagesClient.countMessages.mockResolvedValue({ count: 100000, estimated: true });
    renderPage('/whatsapp/log');
    expect(await screen.findByTestId('message-count')).toHaveTextContent('100,000+ messages');
  });

  it('writes a changed filter to the address, starting again at the newest message; Back restores it', async () => {
    const user = userEvent.setup();
    renderPage('/whatsapp/log?cursor=120&limit=25');
    await screen.findByRole('row', { name: 'Message to Ana Souza' });
    expect(lastListCall()[arg.cursor]).toBe('120');

    await user.click(screen.getByRole('combobox', { name: 'Status' }));
    await user.click(await screen.findByRole('option', { name: 'Undelivered', hidden: true }));
    await waitFor(() => expect(search().get('status')).toBe('Undelivered'));
    expect(search().get('cursor')).toBeNull();
    expect(search().get('limit')).toBe('25');
    await waitFor(() => expect(lastListCall()[arg.status]).toBe('Undelivered'));
    expect(lastListCall()[arg.cursor]).toBeNull();

    await user.type(screen.getByRole('searchbox', { name: 'Search' }), '+1415');
    await waitFor(() => expect(search().get('q')).toBe('+1415'));
    await waitFor(() => expect(lastListCall()[arg.q]).toBe('+1415'));

    await user.click(screen.getByRole('button', { name: 'Browser back' }));
    await waitFor(() => expect(search().get('q')).toBeNull());
    expect(screen.getByRole('searchbox', { name: 'Search' })).toHaveValue('');
    expect(search().get('status')).toBe('Undelivered');
  });

  it('asks for the next page with the cursor, and goes back with Previous', async () => {
    const user = userEvent.setup();
    messagesClient.listMessages.mockImplementation((...args: unknown[]) =>
      Promise.resolve(
        args[arg.cursor] === '120'
          ? page([message({ id: 99, customerName: 'Bruno Lima', customerId: 8 })])
          : page([message({ id: 121 })], '120'),
      ),
    );
    renderPage('/whatsapp/log?status=Delivered');
    await screen.findByRole('row', { name: 'Message to Ana Souza' });
    expect(screen.getByRole('button', { name: 'Previous' })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByRole('row', { name: 'Message to Bruno Lima' })).toBeInTheDocument();
    expect(lastListCall()[arg.cursor]).toBe('120');
    expect(lastListCall()[arg.status]).toBe('Delivered');
    expect(search().get('cursor')).toBe('120');
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: 'Previous' }));
    expect(await screen.findByRole('row', { name: 'Message to Ana Souza' })).toBeInTheDocument();
    expect(search().get('cursor')).toBeNull();
    expect(search().get('status')).toBe('Delivered');
  });

  it('opens a message in a titled drawer with its parameters, history and what its error means', async () => {
    const user = userEvent.setup();
    const failed = message({
      status: 'Failed',
      attempts: 2,
      error: { code: '63016', message: 'Outside the allowed window', meaning: 'The customer has not written in 24 hours; only templates can be sent.' },
    });
    messagesClient.listMessages.mockResolvedValue(page([failed]));
    const detail: MessageDetailDto = {
      message: failed,
      renderedBody: 'Hi Ana, your bill of $20 is due.',
      history: [
        { status: 'Queued', at: '2025-05-12T14:03:00Z' },
        { status: 'Accepted', at: '2025-05-12T14:03:01Z' },
        { status: 'Failed', at: '2025-05-12T14:03:05Z', errorCode: '63016', detail: 'Twilio callback: failed' },
      ],
    };
    messagesClient.getMessage.mockResolvedValue(detail);
    renderPage();

    const row = await screen.findByRole('row', { name: 'Message to Ana Souza' });
    expect(within(row).getByText('Error 63016: Outside the allowed window')).toBeInTheDocument();
    await user.click(within(row).getByRole('button', { name: /^Details of the message to Ana Souza/ }));

    const drawer = await screen.findByRole('dialog', { name: 'Message to Ana Souza' });
    expect(messagesClient.getMessage).toHaveBeenCalledWith(101, expect.anything());
    expect(await within(drawer).findByText('Hi Ana, your bill of $20 is due.')).toBeInTheDocument();
    const history = within(drawer).getByRole('list', { name: 'Status history' });
    const steps = within(history).getAllByRole('listitem');
    expect(steps.map((s) => s.textContent)).toEqual([
      expect.stringContaining('Queued'),
      expect.stringContaining('Accepted'),
      expect.stringMatching(/Failed.*Error 63016.*Twilio callback: failed/),
    ]);
    expect(within(drawer).getByText('What it means:').parentElement).toHaveTextContent(
      'The customer has not written in 24 hours; only templates can be sent.',
    );
    const parameters = within(drawer).getByRole('table', { name: 'Parameters' });
    expect(within(parameters).getByRole('row', { name: '2 $20' })).toBeInTheDocument();
    expect(within(drawer).getByText('SM123')).toBeInTheDocument();
    expect(within(drawer).getByText('Attempts').nextElementSibling).toHaveTextContent('2');
  });

  it('opens the message a link names (?message=id), keeps the filters, and drops the link when closed', async () => {
    const user = userEvent.setup();
    const automated = message({ id: 41, source: 'Automation', eventType: 'payment.received', entityRef: 'bill:3', parameters: { '1': 'Ana', '2': '$20.00' } });
    messagesClient.listMessages.mockResolvedValue(page([automated]));
    messagesClient.getMessage.mockResolvedValue({ message: automated, renderedBody: 'Hi Ana, we received $20.00.', history: [] });
    renderPage('/whatsapp/log?customerId=7&eventType=payment.received&message=41');

    const drawer = await screen.findByRole('dialog', { name: 'Message to Ana Souza' });
    expect(messagesClient.getMessage).toHaveBeenCalledWith(41, expect.anything());
    expect(within(drawer).getByText('Automation · payment.received')).toBeInTheDocument();
    expect(lastListCall()[arg.customerId]).toBe(7);

    await user.click(within(drawer).getByRole('button', { name: 'Close message details' }));
    await waitFor(() => expect(search().get('message')).toBeNull());
    expect(search().get('eventType')).toBe('payment.received');
    expect(screen.queryByRole('dialog', { name: 'Message to Ana Souza' })).not.toBeInTheDocument();
  });

  it('exports what the filters select, without the cursor or page size', async () => {
    renderPage('/whatsapp/log?status=Failed&q=ana&templateId=3&cursor=120&limit=25');
    await screen.findByRole('row', { name: 'Message to Ana Souza' });
    expect(screen.getByRole('link', { name: 'Export CSV' })).toHaveAttribute(
      'href',
      '/api/whatsapp/messages/export?status=Failed&templateId=3&q=ana',
    );
  });

  it('asks again while messages are on their way, and stops when they are final', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      messagesClient.listMessages.mockResolvedValueOnce(page([message({ status: 'Sent' })])).mockResolvedValue(page([message({ status: 'Read' })]));
      renderPage();
      await screen.findByText('Updating every few seconds while messages are on their way.');
      expect(messagesClient.listMessages).toHaveBeenCalledTimes(1);

      await act(() => vi.advanceTimersByTimeAsync(5000));
      await waitFor(() => expect(within(screen.getByRole('row', { name: 'Message to Ana Souza' })).getByText('Read')).toBeInTheDocument());
      await act(() => vi.advanceTimersByTimeAsync(15000));
      expect(messagesClient.listMessages).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('says so when nothing was sent yet', async () => {
    messagesClient.listMessages.mockResolvedValueOnce(page([]));
    renderPage();
    expect(await screen.findByText(EMPTY_LOG_TEXT)).toBeInTheDocument();
  });

  it('shows why the list could not be loaded', async () => {
    messagesClient.listMessages.mockRejectedValue({ title: 'One or more validation errors occurred.', status: 400, errors: { cursor: ['The cursor is not valid.'] } });
    renderPage('/whatsapp/log?cursor=abc');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load the Sent Log.');
    expect(alert).toHaveTextContent('The cursor is not valid.');
  });
});
