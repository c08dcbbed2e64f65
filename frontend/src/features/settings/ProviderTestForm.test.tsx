import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MantineProvider } from '@mantine/core';
import type { ProviderDto, TemplateDto } from '../../api/client';
import { theme } from '../../theme';
import { makeTemplate } from '../../test/builders';

const client = vi.hoisted(() => ({
  providers: { testProvider: vi.fn() },
  templates: { listTemplates: vi.fn() },
  messages: { getMessage: vi.fn() },
}));

vi.mock('../../lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../lib/api')>()),
  providersClient: client.providers,
  templatesClient: client.templates,
  messagesClient: client.messages,
}));

const { ProviderTestForm, testableTemplates, buildProviderTestRequest } = await import('./ProviderTestForm');

const provider: ProviderDto = { id: 7, name: 'Main Twilio', providerType: 'twilio', isActive: false };

const template = (overrides: Partial<TemplateDto>): TemplateDto =>
  makeTemplate({ id: 11, bindings: [{ providerId: 7, externalId: 'HXaaa' }], sendable: false, ...overrides });

function renderForm() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <MantineProvider theme={theme}>
      <QueryClientProvider client={queryClient}>
        <ProviderTestForm provider={provider} onClose={() => {}} />
      </QueryClientProvider>
    </MantineProvider>,
  );
}

describe('ProviderTestForm', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    client.templates.listTemplates.mockResolvedValue([
      template({}),
      template({ id: 12, name: 'elsewhere', bindings: [{ providerId: 8, externalId: 'x' }] }),
    ]);
  });

  it('offers only approved templates bound to this provider', () => {
    expect(testableTemplates([template({}), template({ id: 2, status: 'PAUSED' }), template({ id: 3, bindings: [] })], 7).map((t) => t.id)).toEqual([11]);
  });

  it('builds an empty request for a credential check, and a send otherwise', () => {
    expect(buildProviderTestRequest({ to: '  ', templateId: '11', parameters: {} }, template({}))).toEqual({});
    expect(buildProviderTestRequest({ to: ' +14155550123 ', templateId: '11', parameters: { '1': ' Bo ', '2': '$5' } }, template({}))).toEqual({
      to: '+14155550123',
      templateId: 11,
      parameters: { '1': 'Bo', '2': '$5' },
    });
  });

  it('checks the credentials when nothing is entered and shows the answer', async () => {
    const user = userEvent.setup();
    client.providers.testProvider.mockResolvedValue({ ok: false, message: 'Twilio rejected the credentials (401, error 20003): check the Auth Token.' });
    renderForm();
    await user.click(screen.getByRole('button', { name: 'Check credentials' }));
    expect(client.providers.testProvider).toHaveBeenCalledWith(7, {});
    const result = await screen.findByTestId('provider-test-result');
    expect(result).toHaveTextContent('Test failed');
    expect(result).toHaveTextContent('Twilio rejected the credentials');
  });

  it('sends the chosen template with its samples, and shows the sent message’s status and error meaning', async () => {
    const user = userEvent.setup();
    const sent = {
      id: 5,
      to: '+14155550123',
      status: 'Failed' as const,
      error: { code: '63016', message: 'Outside the window', meaning: 'Use a template or wait for the customer to write.' },
    };
    client.providers.testProvider.mockResolvedValue({ ok: false, message: 'Connected. The test message failed: Outside the window', sentMessage: sent });
    client.messages.getMessage.mockResolvedValue({ message: sent, history: [] });
    renderForm();

    await user.type(screen.getByLabelText(/^Recipient phone/), '+14155550123');
    // A number without a template is caught before asking the server.
    await user.click(screen.getByRole('button', { name: 'Check and send' }));
    expect(await screen.findByText('Choose the template to send.')).toBeInTheDocument();
    expect(client.providers.testProvider).not.toHaveBeenCalled();

    await user.click(screen.getByRole('combobox', { name: /^Template/ }));
    await user.click(await screen.findByRole('option', { name: 'bill_due (en)', hidden: true }));
    expect(screen.queryByRole('option', { name: 'elsewhere (en)', hidden: true })).not.toBeInTheDocument();
    expect(screen.getByLabelText(/^Customer name/)).toHaveValue('Ana');
    expect(screen.getByRole('region', { name: 'Message preview' })).toHaveTextContent('Hi Ana, your bill of $20 is due.');
    await user.click(screen.getByRole('button', { name: 'Check and send' }));

    await waitFor(() =>
      expect(client.providers.testProvider).toHaveBeenCalledWith(7, {
        to: '+14155550123',
        templateId: 11,
        parameters: { '1': 'Ana', '2': '$20' },
      }),
    );
    const result = await screen.findByTestId('provider-test-result');
    expect(result).toHaveTextContent('The test message failed');
    expect(screen.getByTestId('message-status')).toHaveTextContent('Failed');
    expect(screen.getByText('Use a template or wait for the customer to write.')).toBeInTheDocument();
  });

  it('puts a refused number on the phone field', async () => {
    const user = userEvent.setup();
    client.providers.testProvider.mockRejectedValue({
      status: 400,
      title: 'One or more validation errors occurred.',
      errors: { to: ['The recipient must be a valid phone number in international (E.164) form, e.g. +14155550123.'] },
    });
    renderForm();
    await user.click(screen.getByRole('combobox', { name: /^Template/ }));
    await user.click(await screen.findByRole('option', { name: 'bill_due (en)', hidden: true }));
    const phone = screen.getByLabelText(/^Recipient phone/);
    await user.type(phone, '12');
    await user.click(screen.getByRole('button', { name: 'Check and send' }));
    await waitFor(() => expect(phone).toHaveAttribute('aria-invalid', 'true'));
    expect(phone).toHaveAccessibleDescription(expect.stringContaining('E.164'));
  });
});
