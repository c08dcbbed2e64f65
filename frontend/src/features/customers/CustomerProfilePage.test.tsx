import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import type { ConsentRecordDto, CustomerDetailDto, CustomerDto, GroupRefDto } from '../../api/client';
import { currentAddress as location, renderAtRoute } from '../../test/renderAtRoute';

const customersClient = vi.hoisted(() => ({ getCustomer: vi.fn(), updateCustomer: vi.fn(), deleteCustomer: vi.fn() }));
const messagesClient = vi.hoisted(() => ({ listMessages: vi.fn(), getMessage: vi.fn() }));
const groupsClient = vi.hoisted(() => ({ listGroups: vi.fn() }));
const authClient = vi.hoisted(() => ({ getCurrentUser: vi.fn() }));
// The billing and support cards: nothing on file.
const billsClient = vi.hoisted(() => ({ listBills: vi.fn(() => Promise.resolve([])) }));
const subscriptionsClient = vi.hoisted(() => ({ listSubscriptions: vi.fn(() => Promise.resolve([])) }));
const ticketsClient = vi.hoisted(() => ({ listTickets: vi.fn(() => Promise.resolve([])) }));
const diagnosticsClient = vi.hoisted(() => ({ listDiagnostics: vi.fn(() => Promise.resolve([])) }));

vi.mock('../../lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../lib/api')>()),
  customersClient,
  messagesClient,
  groupsClient,
  authClient,
  billsClient,
  subscriptionsClient,
  ticketsClient,
  diagnosticsClient,
}));

const { CustomerProfilePage } = await import('./CustomerProfilePage');

/** Not the client's built-in copy: the page must show what the server sends. */
const SERVER_WORDING = 'I agree to receive WhatsApp messages from Acme Fiber about my account. Reply STOP to unsubscribe.';

const customer = (overrides: Partial<CustomerDto> = {}): CustomerDto => ({
  id: 5,
  name: 'Ana Souza',
  phone: '+14155550123',
  email: 'ana@example.com',
  accountNumber: 'A-1001',
  plan: 'Fiber 300',
  language: 'pt_BR',
  whatsAppOptIn: false,
  ...overrides,
});

const UNSUBSCRIBE_URL = 'https://isp.example.com/u/k3Y9x';

const detail = (c: CustomerDto, consentHistory: ConsentRecordDto[] = [], groups: GroupRefDto[] = []): CustomerDetailDto => ({
  customer: c,
  consentHistory,
  consentWording: SERVER_WORDING,
  groups,
  unsubscribeUrl: UNSUBSCRIBE_URL,
});

const renderProfile = (path = '/customers/5') =>
  renderAtRoute(
    path,
    <>
      <Route path="/customers" element={<p>Customers list</p>} />
      <Route path="/customers/:id" element={<CustomerProfilePage />} />
    </>,
  );

const optInCheckbox = () => screen.findByRole('checkbox', { name: 'Agrees to receive WhatsApp messages' });

describe('CustomerProfilePage', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    messagesClient.listMessages.mockResolvedValue({ items: [], nextCursor: null });
    authClient.getCurrentUser.mockResolvedValue({ email: 'staff@example.com', roles: ['Staff'] });
    groupsClient.listGroups.mockResolvedValue([
      { id: 7, name: 'Downtown', memberCount: 12, optedInCount: 9 },
      { id: 8, name: 'Rural', memberCount: 3, optedInCount: 1 },
      { id: 9, name: 'Business', memberCount: 0, optedInCount: 0 },
    ]);
  });

  it('shows the server’s consent wording beside the opt-in, and opting in saves it with source Profile', async () => {
    const user = userEvent.setup();
    customersClient.getCustomer.mockResolvedValue(detail(customer()));
    const optedIn = customer({ whatsAppOptIn: true });
    customersClient.updateCustomer.mockResolvedValue(
      detail(optedIn, [{ id: 1, optedIn: true, at: '2025-05-12T14:03:00Z', source: 'Profile', actor: 'staff@example.com', text: SERVER_WORDING }]),
    );
    renderProfile();

    const checkbox = await optInCheckbox();
    expect(checkbox).not.toBeChecked();
    expect(checkbox).toHaveAccessibleDescription(expect.stringContaining(SERVER_WORDING));

    await user.click(checkbox);
    await waitFor(() => expect(customersClient.updateCustomer).toHaveBeenCalledWith(5, { whatsAppOptIn: true, consentSource: 'Profile' }));
    await waitFor(() => expect(checkbox).toBeChecked());
    expect(within(screen.getByRole('table', { name: 'Consent history' })).getByText('staff@example.com')).toBeInTheDocument();
  });

  it('asks for a reason before opting a customer out, and records it as an admin’s decision', async () => {
    const user = userEvent.setup();
    customersClient.getCustomer.mockResolvedValue(detail(customer({ whatsAppOptIn: true })));
    customersClient.updateCustomer.mockResolvedValue(detail(customer({ whatsAppOptIn: false })));
    renderProfile();

    await user.click(await optInCheckbox());
    const dialog = await screen.findByRole('dialog', { name: 'Opt Ana Souza out of WhatsApp messages?' });
    expect(within(dialog).getByRole('button', { name: 'Opt out' })).toBeDisabled();
    await user.click(within(dialog).getByRole('combobox', { name: /^Reason/ }));
    await user.click(await screen.findByRole('option', { name: 'Customer disputes consent — phoned', hidden: true }));
    expect(customersClient.updateCustomer).not.toHaveBeenCalled();
    await user.click(within(dialog).getByRole('button', { name: 'Opt out' }));
    await waitFor(() =>
      expect(customersClient.updateCustomer).toHaveBeenCalledWith(5, {
        whatsAppOptIn: false,
        consentSource: 'Admin',
        consentReason: 'Customer disputes consent — phoned',
      }),
    );
  });

  it('stops offers only with the offers checkbox, and shows how each opt-in was captured', async () => {
    const user = userEvent.setup();
    customersClient.getCustomer.mockResolvedValue(
      detail(customer({ whatsAppOptIn: true, marketingOptIn: true }), [
        { id: 2, optedIn: true, purpose: 'Marketing', at: '2025-05-13T10:00:00Z', source: 'Import', actor: 'staff@example.com', text: 'Imported from the file may.csv' },
        { id: 1, optedIn: true, purpose: 'Service', at: '2025-05-12T14:03:00Z', source: 'Profile', actor: 'staff@example.com', text: SERVER_WORDING },
      ]),
    );
    customersClient.updateCustomer.mockResolvedValue(detail(customer({ whatsAppOptIn: true, marketingOptIn: false })));
    renderProfile();

    const [service, offers] = await screen.findAllByTestId('opt-in-evidence');
    expect(service).toHaveTextContent('via Profile, by staff@example.com');
    expect(service).toHaveTextContent(SERVER_WORDING);
    expect(offers).toHaveTextContent('via Import');
    expect(offers).toHaveTextContent('may.csv');

    await user.click(screen.getByRole('checkbox', { name: 'Agrees to receive offers on WhatsApp' }));
    const dialog = await screen.findByRole('dialog', { name: 'Stop offers to Ana Souza?' });
    await user.type(within(dialog).getByRole('combobox', { name: /^Reason/ }), 'Asked by email');
    await user.click(within(dialog).getByRole('button', { name: 'Opt out' }));
    await waitFor(() =>
      expect(customersClient.updateCustomer).toHaveBeenCalledWith(5, { marketingOptIn: false, consentSource: 'Admin', consentReason: 'Asked by email' }),
    );
  });

  it('lists the consent history: decision, time, source, who and the text', async () => {
    customersClient.getCustomer.mockResolvedValue(
      detail(customer(), [
        { id: 2, optedIn: false, at: '2025-06-01T09:00:00Z', source: 'StopReply', actor: null, text: 'Replied STOP' },
        { id: 1, optedIn: true, at: '2025-05-12T14:03:00Z', source: 'Profile', actor: 'staff@example.com', text: SERVER_WORDING },
      ]),
    );
    renderProfile();

    const table = await screen.findByRole('table', { name: 'Consent history' });
    const [stop, profile] = within(table).getAllByTestId('consent-record');
    expect(stop).toHaveTextContent('Opted out');
    expect(stop).toHaveTextContent('STOP reply');
    expect(stop).toHaveTextContent('System');
    expect(stop).toHaveTextContent('Replied STOP');
    expect(stop).toHaveTextContent(new Date('2025-06-01T09:00:00Z').getFullYear().toString());
    expect(profile).toHaveTextContent('Opted in');
    expect(profile).toHaveTextContent('Profile');
    expect(profile).toHaveTextContent('staff@example.com');
    expect(profile).toHaveTextContent(SERVER_WORDING);
  });

  it('shows the customer’s latest messages and links to the Sent Log filtered to them', async () => {
    customersClient.getCustomer.mockResolvedValue(detail(customer()));
    messagesClient.listMessages.mockResolvedValue({
      items: [{ id: 9, to: '+14155550123', customerId: 5, customerName: 'Ana Souza', templateName: 'bill_due', status: 'Read', source: 'Manual' }],
      nextCursor: null,
    });
    renderProfile();

    const table = await screen.findByRole('table', { name: 'Messages to Ana Souza' });
    expect(within(table).getByText('bill_due')).toBeInTheDocument();
    expect(within(table).getByText('Read')).toBeInTheDocument();
    const call = messagesClient.listMessages.mock.lastCall as unknown[];
    expect(call[4]).toBe(5); // customerId
    expect(call[11]).toBe(10); // limit
    expect(screen.getByRole('link', { name: 'Open in Sent Log' })).toHaveAttribute('href', '/whatsapp/log?customerId=5');
  });

  it('saves edited details without touching the consent', async () => {
    const user = userEvent.setup();
    customersClient.getCustomer.mockResolvedValue(detail(customer()));
    customersClient.updateCustomer.mockResolvedValue(detail(customer({ plan: 'Fiber 600' })));
    renderProfile();

    const plan = await screen.findByRole('textbox', { name: 'Plan' });
    await user.clear(plan);
    await user.type(plan, 'Fiber 600');
    await user.clear(screen.getByRole('textbox', { name: 'Email' }));
    await user.type(screen.getByRole('textbox', { name: 'Time zone' }), 'America/New_York');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(customersClient.updateCustomer).toHaveBeenCalledWith(5, {
        name: 'Ana Souza',
        phone: '+14155550123',
        email: '',
        accountNumber: 'A-1001',
        plan: 'Fiber 600',
        language: 'pt_BR',
        timeZone: 'America/New_York',
        whatsAppOptIn: null,
        consentSource: null,
      }),
    );
  });

  it('shows the customer’s groups and saves the ones picked as groupIds', async () => {
    const user = userEvent.setup();
    customersClient.getCustomer.mockResolvedValue(detail(customer(), [], [{ id: 7, name: 'Downtown' }]));
    customersClient.updateCustomer.mockResolvedValue(
      detail(customer(), [], [
        { id: 7, name: 'Downtown' },
        { id: 9, name: 'Business' },
      ]),
    );
    renderProfile();

    const card = await screen.findByRole('region', { name: 'Groups' });
    expect(within(card).getByRole('link', { name: 'Downtown' })).toHaveAttribute('href', '/groups/7');
    expect(groupsClient.listGroups).not.toHaveBeenCalled();

    await user.click(within(card).getByRole('button', { name: 'Edit groups' }));
    await user.click(within(card).getByRole('combobox', { name: 'Groups' }));
    await user.click(await screen.findByRole('option', { name: 'Business', hidden: true }));
    await user.click(within(card).getByRole('button', { name: 'Save groups' }));

    await waitFor(() => expect(customersClient.updateCustomer).toHaveBeenCalledWith(5, { groupIds: [7, 9] }));
    await waitFor(() => expect(within(card).getByRole('link', { name: 'Business' })).toHaveAttribute('href', '/groups/9'));
    expect(within(card).queryByRole('combobox', { name: 'Groups' })).not.toBeInTheDocument();
  });

  it('shows the unsubscribe link read-only, with a copy button', async () => {
    customersClient.getCustomer.mockResolvedValue(detail(customer()));
    renderProfile();

    const link = await screen.findByRole('textbox', { name: 'Unsubscribe link' });
    expect(link).toHaveValue(UNSUBSCRIBE_URL);
    expect(link).toHaveAttribute('readonly');
    expect(screen.getByRole('button', { name: 'Copy the unsubscribe link' })).toBeInTheDocument();
  });

  it('does not offer staff to delete the customer', async () => {
    customersClient.getCustomer.mockResolvedValue(detail(customer()));
    renderProfile();

    await screen.findByRole('heading', { name: 'Ana Souza' });
    await waitFor(() => expect(authClient.getCurrentUser).toHaveBeenCalled());
    await screen.findByRole('region', { name: 'Groups' });
    expect(screen.queryByRole('button', { name: 'Delete customer' })).not.toBeInTheDocument();
  });

  it('lets an admin delete the customer after asking, then shows the list', async () => {
    const user = userEvent.setup();
    authClient.getCurrentUser.mockResolvedValue({ email: 'admin@example.com', roles: ['Admin'] });
    customersClient.getCustomer.mockResolvedValue(detail(customer()));
    customersClient.deleteCustomer.mockResolvedValue(undefined);
    renderProfile();

    await user.click(await screen.findByRole('button', { name: 'Delete customer' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete Ana Souza?' });
    expect(customersClient.deleteCustomer).not.toHaveBeenCalled();
    await user.click(within(dialog).getByRole('button', { name: 'Delete customer' }));
    await waitFor(() => expect(customersClient.deleteCustomer).toHaveBeenCalledWith(5));
    await waitFor(() => expect(location()).toBe('/customers'));
  });
});
