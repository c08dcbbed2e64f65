import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MantineProvider } from '@mantine/core';
import type { MessageDto } from '../../api/client';
import { theme } from '../../theme';
import { makeTemplate } from '../../test/builders';

const messagesClient = vi.hoisted(() => ({ sendMessage: vi.fn(), getMessage: vi.fn() }));

vi.mock('../../lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../lib/api')>()),
  messagesClient,
}));

const { SendTestForm } = await import('./SendTestForm');

const template = makeTemplate({
  variables: [
    { key: '1', label: 'Customer name', sample: 'Ana' },
    { key: '2', label: '2', sample: '$20' },
  ],
  bindings: [],
});

const accepted: MessageDto = { id: 42, to: '+14155550123', status: 'Accepted', providerMessageId: 'SM1', error: null };

function renderForm() {
  const onClose = vi.fn();
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <MantineProvider theme={theme}>
      <QueryClientProvider client={queryClient}>
        <SendTestForm template={template} onClose={onClose} />
      </QueryClientProvider>
    </MantineProvider>,
  );
  return { onClose };
}

describe('SendTestForm', () => {
  beforeEach(() => vi.clearAllMocks());

  it('prefills the variables with their samples, labelled by their labels, and previews the message', () => {
    renderForm();
    expect(screen.getByLabelText(/^Customer name/)).toHaveValue('Ana');
    expect(screen.getByLabelText(/^Variable \{\{2\}\}/)).toHaveValue('$20');
    expect(screen.getByRole('region', { name: 'Message preview' })).toHaveTextContent('Hi Ana, your bill of $20 is due.');
  });

  it('sends by template name and language, then follows the status', async () => {
    const user = userEvent.setup();
    messagesClient.sendMessage.mockResolvedValue(accepted);
    messagesClient.getMessage.mockResolvedValue({
      message: { ...accepted, status: 'Delivered' },
      history: [
        { status: 'Queued', at: '2026-01-01T10:00:00Z' },
        { status: 'Accepted', at: '2026-01-01T10:00:01Z' },
        { status: 'Delivered', at: '2026-01-01T10:00:02Z' },
      ],
    });
    renderForm();

    await user.type(screen.getByLabelText(/^Recipient phone/), ' +14155550123 ');
    await user.clear(screen.getByLabelText(/^Customer name/));
    await user.type(screen.getByLabelText(/^Customer name/), 'Bo');
    await user.click(screen.getByRole('button', { name: 'Send' }));

    expect(messagesClient.sendMessage).toHaveBeenCalledWith({
      to: '+14155550123',
      templateName: 'bill_due',
      language: 'en',
      parameters: { '1': 'Bo', '2': '$20' },
    });
    await waitFor(() => expect(screen.getByTestId('message-status')).toHaveTextContent('Delivered'));
    expect(screen.getByLabelText('Status history')).toHaveTextContent('Accepted');
    expect(messagesClient.getMessage).toHaveBeenCalledWith(42, expect.anything());
  });

  it('shows a failed send with the provider error and what it means', async () => {
    const user = userEvent.setup();
    const failed: MessageDto = {
      ...accepted,
      status: 'Failed',
      error: { code: '63016', message: 'Outside the allowed window', meaning: 'The customer has not written in 24 hours.' },
    };
    messagesClient.sendMessage.mockResolvedValue(failed);
    messagesClient.getMessage.mockResolvedValue({ message: failed, history: [] });
    renderForm();

    await user.type(screen.getByLabelText(/^Recipient phone/), '+14155550123');
    await user.click(screen.getByRole('button', { name: 'Send' }));

    expect(await screen.findByText('Failed (error 63016)')).toBeInTheDocument();
    expect(screen.getByText('Outside the allowed window')).toBeInTheDocument();
    expect(screen.getByText('The customer has not written in 24 hours.')).toBeInTheDocument();
  });

  it('puts refusals on their fields: an opt-in refusal on the phone, a parameter on its input', async () => {
    const user = userEvent.setup();
    messagesClient.sendMessage.mockRejectedValueOnce({
      status: 422,
      title: 'Recipient has not opted in',
      detail: '+14155550199 is not a customer who opted in to WhatsApp messages.',
      field: 'to',
    });
    renderForm();
    const phone = screen.getByLabelText(/^Recipient phone/);
    await user.type(phone, '+14155550199');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(phone).toHaveAttribute('aria-invalid', 'true'));
    expect(phone).toHaveAccessibleDescription(expect.stringContaining('is not a customer who opted in'));

    messagesClient.sendMessage.mockRejectedValueOnce({
      status: 400,
      title: 'Invalid message',
      errors: { 'parameters.2': ["Parameter '2' is longer than 1024 characters."] },
    });
    await user.click(screen.getByRole('button', { name: 'Send' }));
    const amount = screen.getByLabelText(/^Variable \{\{2\}\}/);
    await waitFor(() => expect(amount).toHaveAttribute('aria-invalid', 'true'));
    expect(amount).toHaveAccessibleDescription(expect.stringContaining('longer than 1024'));
    expect(phone).toHaveValue('+14155550199');
  });

  it('shows refusals that belong to no field (template not bound, no provider) in an alert', async () => {
    const user = userEvent.setup();
    messagesClient.sendMessage.mockRejectedValue({
      status: 422,
      title: 'Template not available at the provider',
      detail: "Template 'bill_due' is not bound to Main Twilio. Sync templates or add the provider's template id.",
      field: 'templateName',
    });
    renderForm();
    await user.type(screen.getByLabelText(/^Recipient phone/), '+14155550123');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('is not bound to Main Twilio');
  });

  it('asks for the recipient and every value before sending', async () => {
    const user = userEvent.setup();
    renderForm();
    await user.clear(screen.getByLabelText(/^Customer name/));
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText('Enter the recipient’s phone number.')).toBeInTheDocument();
    expect(screen.getByText('Enter a value for Customer name.')).toBeInTheDocument();
    expect(messagesClient.sendMessage).not.toHaveBeenCalled();
  });
});
