import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import type { CustomerDto, CustomerPage, HttpValidationProblemDetails } from '../../api/client';
import { currentAddress as location, renderAtRoute } from '../../test/renderAtRoute';

const customersClient = vi.hoisted(() => ({ listCustomers: vi.fn(), getCustomer: vi.fn(), createCustomer: vi.fn() }));

vi.mock('../../lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../lib/api')>()),
  customersClient,
}));

const { CustomersPage, EMPTY_CUSTOMERS_TEXT } = await import('./CustomersPage');
const { CONSENT_WORDING } = await import('./customerQueries');

const customer = (overrides: Partial<CustomerDto> = {}): CustomerDto => ({
  id: 1,
  name: 'Ana Souza',
  phone: '+14155550123',
  email: 'ana@example.com',
  accountNumber: 'A-1001',
  plan: 'Fiber 300',
  whatsAppOptIn: true,
  ...overrides,
});

const page = (items: CustomerDto[], total = items.length, pageNumber = 1): CustomerPage => ({ items, total, page: pageNumber, pageSize: 25 });

function renderPage(path = '/customers') {
  renderAtRoute(
    path,
    <>
      <Route path="/customers" element={<CustomersPage />} />
      <Route path="/customers/:id" element={<p>Profile page</p>} />
    </>,
  );
}

describe('CustomersPage', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    customersClient.listCustomers.mockResolvedValue(page([customer()]));
  });

  it('keeps the search and the opt-in filter in the address and asks the API with them', async () => {
    const user = userEvent.setup();
    renderPage('/customers?page=2');
    const row = await screen.findByRole('row', { name: 'Ana Souza' });
    expect(within(row).getByText('Opted in')).toBeInTheDocument();
    expect(within(row).getByRole('link', { name: 'Ana Souza' })).toHaveAttribute('href', '/customers/1');
    expect(customersClient.listCustomers).toHaveBeenLastCalledWith(null, null, 2, 25, null, expect.anything());

    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'ana');
    await waitFor(() => expect(location()).toBe('/customers?q=ana'));
    await waitFor(() => expect(customersClient.listCustomers).toHaveBeenLastCalledWith('ana', null, 1, 25, null, expect.anything()));

    await user.click(screen.getByRole('radio', { name: 'Not opted in' }));
    await waitFor(() => expect(location()).toBe('/customers?q=ana&optedIn=false'));
    await waitFor(() => expect(customersClient.listCustomers).toHaveBeenLastCalledWith('ana', false, 1, 25, null, expect.anything()));
  });

  it('pages through the customers with the total', async () => {
    const user = userEvent.setup();
    customersClient.listCustomers.mockResolvedValue(page([customer()], 60));
    renderPage();
    expect(await screen.findByText('1–1 of 60 customers')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Page 3' }));
    await waitFor(() => expect(location()).toBe('/customers?page=3'));
    await waitFor(() => expect(customersClient.listCustomers).toHaveBeenLastCalledWith(null, null, 3, 25, null, expect.anything()));
  });

  it('adds a customer: the consent wording beside the opt-in, the server’s refusals on their fields', async () => {
    const user = userEvent.setup();
    customersClient.listCustomers.mockResolvedValue(page([]));
    const problem: HttpValidationProblemDetails = {
      title: 'One or more validation errors occurred.',
      status: 400,
      errors: {
        phone: ['A valid phone number is required, in international form such as +14155550123.'],
        accountNumber: ['At most 50 characters.'],
      },
    };
    customersClient.createCustomer.mockRejectedValue(problem);
    renderPage();

    await screen.findByText(EMPTY_CUSTOMERS_TEXT);
    await user.click(screen.getAllByRole('button', { name: 'Add customer' })[0]);
    const dialog = await screen.findByRole('dialog', { name: 'Add customer' });
    const optIn = within(dialog).getByRole('checkbox', { name: 'Agrees to receive WhatsApp messages' });
    // No customer to ask the server for its wording: the built-in copy is shown.
    expect(optIn).toHaveAccessibleDescription(expect.stringContaining(CONSENT_WORDING));
    expect(customersClient.getCustomer).not.toHaveBeenCalled();

    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Bruno Lima');
    await user.type(within(dialog).getByRole('textbox', { name: /^WhatsApp phone/ }), '555');
    await user.click(optIn);
    await user.click(within(dialog).getByRole('button', { name: 'Add customer' }));

    const phone = within(dialog).getByRole('textbox', { name: /^WhatsApp phone/ });
    await waitFor(() => expect(phone).toHaveAttribute('aria-invalid', 'true'));
    expect(phone).toHaveAccessibleDescription(expect.stringContaining('A valid phone number is required'));
    expect(within(dialog).getByRole('textbox', { name: 'Account number' })).toHaveAccessibleDescription('At most 50 characters.');
    expect(within(dialog).getByRole('textbox', { name: 'Name' })).toHaveValue('Bruno Lima');
    expect(customersClient.createCustomer).toHaveBeenCalledWith({
      name: 'Bruno Lima',
      phone: '555',
      email: '',
      accountNumber: '',
      plan: '',
      language: '',
      timeZone: '',
      whatsAppOptIn: true,
      marketingOptIn: false,
      consentSource: 'Admin',
    });
  });

  it('prefers the server’s consent wording when a customer is at hand, and opens the new customer', async () => {
    const user = userEvent.setup();
    customersClient.getCustomer.mockResolvedValue({ customer: customer(), consentHistory: [], consentWording: 'Server wording, version 2.' });
    customersClient.createCustomer.mockResolvedValue({ customer: customer({ id: 2, name: 'Bruno Lima' }), consentHistory: [], consentWording: 'x' });
    renderPage();

    await screen.findByRole('row', { name: 'Ana Souza' });
    await user.click(screen.getByRole('button', { name: 'Add customer' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add customer' });
    await waitFor(() =>
      expect(within(dialog).getByRole('checkbox', { name: 'Agrees to receive WhatsApp messages' })).toHaveAccessibleDescription(
        expect.stringContaining('Server wording, version 2.'),
      ),
    );
    expect(customersClient.getCustomer).toHaveBeenCalledWith(1, expect.anything());

    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Bruno Lima');
    await user.type(within(dialog).getByRole('textbox', { name: /^WhatsApp phone/ }), '+14155550199');
    await user.click(within(dialog).getByRole('button', { name: 'Add customer' }));
    await waitFor(() => expect(location()).toBe('/customers/2'));
    expect(customersClient.createCustomer.mock.lastCall?.[0]).toMatchObject({ whatsAppOptIn: false, consentSource: null });
  });
});
