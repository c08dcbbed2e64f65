import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import type { AutomationDto, HttpValidationProblemDetails } from '../../api/client';
import { renderAtRoute } from '../../test/renderAtRoute';
import { makeTemplate } from '../../test/builders';

const automationsClient = vi.hoisted(() => ({
  listAutomations: vi.fn(),
  saveAutomation: vi.fn(),
  previewAutomation: vi.fn(),
  listAutomationEvents: vi.fn(),
}));
const templatesClient = vi.hoisted(() => ({ listTemplates: vi.fn() }));
const statsClient = vi.hoisted(() => ({ getSpendByAutomation: vi.fn() }));

vi.mock('../../lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../lib/api')>()),
  automationsClient,
  templatesClient,
  statsClient,
}));

const { AutomationsTab } = await import('./AutomationsTab');

const paymentFields = [
  { expression: '{{customer.name}}', label: 'Full name', example: 'Ana Souza' },
  { expression: '{{customer.firstName}}', label: 'First name', example: 'Ana' },
  { expression: '{{payment.amount}}', label: 'Amount paid', example: '20.00' },
  { expression: '{{payment.currency}}', label: 'Payment currency', example: 'USD' },
  { expression: '{{portal.url}}', label: 'Client portal link', example: 'https://portal.example.com' },
];

const payment = (overrides: Partial<AutomationDto> = {}): AutomationDto => ({
  eventType: 'payment.received',
  label: 'Payment confirmation',
  description: 'When a payment is applied to a bill.',
  scheduled: false,
  enabled: false,
  templateId: null,
  templateName: null,
  variables: {},
  offsetsDays: null,
  fields: paymentFields,
  ...overrides,
});

const reminder: AutomationDto = {
  eventType: 'bill.reminder',
  label: 'Payment reminder',
  description: 'Unpaid bills, the chosen number of days before the due date.',
  scheduled: true,
  enabled: false,
  variables: {},
  offsetsDays: [3, 1, 0],
  fields: [{ expression: '{{bill.amount}}', label: 'Bill amount', example: '20.00' }],
};

const paidTemplate = makeTemplate({
  id: 11,
  name: 'payment_thanks',
  language: 'en_US',
  body: 'Hi {{1}}, we received {{2}}. Thank you!',
  variables: [
    { key: '1', label: 'Customer name' },
    { key: '2', label: 'Amount' },
  ],
});

function renderTab() {
  renderAtRoute('/settings/automations', <Route path="/settings/automations" element={<AutomationsTab />} />);
}

async function openPaymentConfirmation(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('button', { name: /Payment confirmation/ }));
  return screen.findByRole('form', { name: 'Payment confirmation automation' });
}

async function chooseTemplate(user: ReturnType<typeof userEvent.setup>, form: HTMLElement) {
  await user.click(within(form).getByRole('combobox', { name: 'Template' }));
  await user.click(await screen.findByRole('option', { name: 'payment_thanks (en_US)', hidden: true }));
}

describe('AutomationsTab', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    automationsClient.listAutomations.mockResolvedValue([payment(), reminder]);
    automationsClient.listAutomationEvents.mockResolvedValue({ items: [], nextCursor: null });
    automationsClient.previewAutomation.mockResolvedValue({ parameters: { '1': 'Ana Souza', '2': '$20.00' }, renderedBody: '', missing: [] });
    templatesClient.listTemplates.mockResolvedValue([paidTemplate]);
    statsClient.getSpendByAutomation.mockResolvedValue([]);
  });

  it('lists every event type with its title and whether it is on, in words', async () => {
    automationsClient.listAutomations.mockResolvedValue([payment({ enabled: true, templateId: 11, templateName: 'payment_thanks' }), reminder]);
    renderTab();
    const paymentItem = await screen.findByRole('button', { name: /Payment confirmation/ });
    expect(paymentItem).toHaveTextContent('payment.received');
    expect(paymentItem).toHaveTextContent('On');
    expect(screen.getByRole('button', { name: /Payment reminder/ })).toHaveTextContent('Off');
    expect(templatesClient.listTemplates).toHaveBeenCalledWith(null, 'APPROVED', expect.anything());
  });

  it('shows what each automation’s messages cost in the last 30 days', async () => {
    statsClient.getSpendByAutomation.mockResolvedValue([
      { key: 'payment.received', name: 'payment.received', currency: 'USD', messages: 10, amount: 0.04 },
    ]);
    renderTab();
    const paymentItem = await screen.findByRole('button', { name: /Payment confirmation/ });
    await waitFor(() => expect(within(paymentItem).getByTestId('automation-spend')).toHaveTextContent(/0\.04.* in 30 days/));
    expect(statsClient.getSpendByAutomation).toHaveBeenCalledWith(30, expect.anything());
    expect(within(screen.getByRole('button', { name: /Payment reminder/ })).queryByTestId('automation-spend')).not.toBeInTheDocument();
  });

  it('inserting a field puts its expression into the variable’s input, at the caret', async () => {
    const user = userEvent.setup();
    renderTab();
    const form = await openPaymentConfirmation(user);
    await chooseTemplate(user, form);

    const amount = within(form).getByRole('textbox', { name: 'Amount' });
    await user.type(amount, 'Total: ');
    await user.click(within(form).getByRole('button', { name: 'Insert a field into Amount' }));
    await user.click(await screen.findByRole('menuitem', { name: /Amount paid/, hidden: true }));
    await waitFor(() => expect(amount).toHaveValue('Total: {{payment.amount}}'));
    expect(within(form).getByRole('textbox', { name: 'Customer name' })).toHaveValue('');
  });

  it('saving sends the PUT body for the event type, and a refused variable shows on its input', async () => {
    const user = userEvent.setup();
    const problem: HttpValidationProblemDetails = {
      status: 400,
      title: 'One or more validation errors occurred.',
      errors: { 'variables.2': ["'{{payment.total}}' is not a field messages can use here."] },
    };
    automationsClient.saveAutomation.mockRejectedValue(problem);
    renderTab();
    const form = await openPaymentConfirmation(user);

    await user.click(within(form).getByRole('switch', { name: 'Enabled' }));
    await chooseTemplate(user, form);
    await user.type(within(form).getByRole('textbox', { name: 'Customer name' }), '{{{{customer.name}}');
    await user.type(within(form).getByRole('textbox', { name: 'Amount' }), '{{{{payment.total}}');
    await user.click(within(form).getByRole('button', { name: 'Save' }));

    await waitFor(() =>
      expect(automationsClient.saveAutomation).toHaveBeenCalledWith('payment.received', {
        enabled: true,
        templateId: 11,
        variables: { '1': '{{customer.name}}', '2': '{{payment.total}}' },
        offsetsDays: null,
      }),
    );
    const amount = within(form).getByRole('textbox', { name: 'Amount' });
    await waitFor(() => expect(amount).toHaveAttribute('aria-invalid', 'true'));
    expect(amount).toHaveAccessibleDescription(expect.stringContaining("'{{payment.total}}' is not a field"));
    expect(within(form).getByRole('textbox', { name: 'Customer name' })).not.toHaveAttribute('aria-invalid', 'true');
    expect(within(form).getByRole('alert')).toHaveTextContent('The automation was not saved');
  });

  it('shows the server’s preview in the bubble once every variable has a value', async () => {
    const user = userEvent.setup();
    renderTab();
    const form = await openPaymentConfirmation(user);
    await chooseTemplate(user, form);
    await user.type(within(form).getByRole('textbox', { name: 'Customer name' }), '{{{{customer.name}}');
    await user.type(within(form).getByRole('textbox', { name: 'Amount' }), '{{{{payment.amount}}');

    const preview = screen.getByRole('region', { name: 'Preview of the Payment confirmation message' });
    await waitFor(() => expect(preview).toHaveTextContent('Hi Ana Souza, we received $20.00. Thank you!'));
    expect(automationsClient.previewAutomation).toHaveBeenLastCalledWith(
      'payment.received',
      { templateId: 11, variables: { '1': '{{customer.name}}', '2': '{{payment.amount}}' } },
      expect.anything(),
    );
  });

  it('reminders take days: parsed, explained, and refused before saving when not whole numbers', async () => {
    const user = userEvent.setup();
    automationsClient.saveAutomation.mockImplementation((_type: string, body: { offsetsDays: number[] }) =>
      Promise.resolve({ ...reminder, offsetsDays: body.offsetsDays }),
    );
    renderTab();
    await user.click(await screen.findByRole('button', { name: /Payment reminder/ }));
    const form = await screen.findByRole('form', { name: 'Payment reminder automation' });
    const days = within(form).getByRole('textbox', { name: 'Days before the due date' });
    expect(days).toHaveValue('3, 1, 0');

    await user.clear(days);
    await user.type(days, '3, x');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(days).toHaveAccessibleDescription(expect.stringContaining('“x” is not a whole number of days.'));
    expect(automationsClient.saveAutomation).not.toHaveBeenCalled();

    await user.clear(days);
    await user.type(days, '5, 0, -2');
    expect(within(form).getByTestId('offsets-summary')).toHaveTextContent('Sends 5 days before, on the day and 2 days after.');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(automationsClient.saveAutomation).toHaveBeenCalledWith('bill.reminder', expect.objectContaining({ offsetsDays: [5, 0, -2] })),
    );
  });

  it('lists recent events with their outcome in words and a link to the message', async () => {
    automationsClient.listAutomationEvents.mockResolvedValue({
      items: [
        { id: 2, type: 'payment.received', customerId: 7, entityRef: 'bill:3', status: 'Messaged', messageId: 41, occurredAt: '2026-01-02T10:00:00Z' },
        {
          id: 1,
          type: 'bill.reminder',
          customerId: 8,
          entityRef: 'bill:2',
          status: 'Skipped',
          skipReason: 'not_opted_in',
          detail: 'Bo has not opted in to WhatsApp messages (or opted out).',
          occurredAt: '2026-01-01T10:00:00Z',
        },
      ],
      nextCursor: null,
    });
    renderTab();
    const table = await screen.findByRole('table', { name: 'Recent events' });
    const [messaged, skipped] = within(table).getAllByTestId('automation-event');
    expect(messaged).toHaveTextContent('Payment confirmation');
    expect(messaged).toHaveTextContent('Messaged');
    expect(within(messaged).getByRole('link', { name: 'Message #41' })).toHaveAttribute(
      'href',
      '/whatsapp/log?customerId=7&eventType=payment.received&message=41',
    );
    expect(skipped).toHaveTextContent('Skipped');
    expect(skipped).toHaveTextContent('Bo has not opted in');
  });
});
