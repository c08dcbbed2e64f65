import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MantineProvider } from '@mantine/core';
import type { HttpValidationProblemDetails, ProviderDto, SaveProviderRequest } from '../../api/client';
import { theme } from '../../theme';
import { ProviderForm } from './ProviderForm';
import { normalizeProviderTypes } from './providerPayload';

const types = normalizeProviderTypes([
  {
    type: 'twilio',
    displayName: 'Twilio',
    credentialFields: [
      { key: 'accountSid', label: 'Account SID', required: true, secret: false, placeholder: 'AC…', help: 'Console → Account info.' },
      { key: 'authToken', label: 'Auth Token', required: true, secret: true, help: 'Also verifies webhooks.' },
      { key: 'from', label: 'WhatsApp sender', required: false, secret: false, placeholder: '+14155550100' },
    ],
  },
  {
    type: 'meta',
    displayName: 'Meta WhatsApp Cloud API',
    credentialFields: [{ key: 'accessToken', label: 'Access token', required: true, secret: true }],
  },
]);

const SID = 'AC0123456789abcdef0123456789abcdef';
const stored: ProviderDto = {
  id: 3,
  name: 'Main Twilio',
  providerType: 'twilio',
  isActive: false,
  credentialsReadable: true,
  credentials: {
    accountSid: { value: SID, hasValue: true, secret: false },
    authToken: { value: '••••9876', hasValue: true, secret: true },
    from: { value: '+14155550100', hasValue: true, secret: false },
  },
  settings: { baseUrl: null, messagesPerSecond: 80 },
};

function renderForm(props: Partial<Parameters<typeof ProviderForm>[0]> = {}) {
  const save = vi.fn<(p: SaveProviderRequest) => Promise<ProviderDto>>();
  const onSaved = vi.fn();
  render(
    <MantineProvider theme={theme}>
      <ProviderForm types={types} save={save} onSaved={onSaved} onCancel={() => {}} {...props} />
    </MantineProvider>,
  );
  return { save: (props.save as typeof save | undefined) ?? save, onSaved };
}

describe('ProviderForm', () => {
  it('renders the declared credential fields; a stored secret is an empty password input showing the mask', () => {
    renderForm({ provider: stored });

    const sid = screen.getByLabelText(/Account SID/);
    expect(sid).toHaveValue(SID);

    const token = screen.getByLabelText(/Auth Token/);
    expect(token).toHaveAttribute('type', 'password');
    expect(token).toHaveValue('');
    expect(token).toHaveAttribute('placeholder', '••••9876');
    expect(screen.getByText(/Leave empty to keep the stored value/)).toBeInTheDocument();

    // The type of an existing configuration is fixed.
    expect(screen.getByRole('combobox', { name: /Provider/ })).toBeDisabled();
    // Only Twilio's fields, not Meta's.
    expect(screen.queryByLabelText(/Access token/)).not.toBeInTheDocument();
  });

  it('keeps the stored secret by not sending it when saving an edit', async () => {
    const user = userEvent.setup();
    const save = vi.fn<(p: SaveProviderRequest) => Promise<ProviderDto>>().mockResolvedValue(stored);
    const { onSaved } = renderForm({ provider: stored, save });

    const name = screen.getByLabelText(/^Name/);
    await user.clear(name);
    await user.type(name, 'Backup Twilio');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(stored));
    expect(save).toHaveBeenCalledTimes(1);
    const payload = save.mock.calls[0][0];
    expect(payload.name).toBe('Backup Twilio');
    expect(payload.credentials).toEqual({ accountSid: SID, from: '+14155550100' });
  });

  it('shows server validation errors next to their inputs and keeps what was typed', async () => {
    const user = userEvent.setup();
    const problem: HttpValidationProblemDetails = {
      title: 'One or more validation errors occurred.',
      status: 400,
      errors: {
        'credentials.authToken': ['Auth Token is required.'],
        'settings.baseUrl': ['The base URL must be an absolute http(s) URL without query, e.g. https://eu.api.example.com.'],
        'settings.dailyMessagingLimit': ['The messaging tier must be between 1 and 100,000,000 messages per 24 hours, or empty.'],
        credentials: ['Something about the credentials as a whole.'],
      },
    };
    const save = vi.fn<(p: SaveProviderRequest) => Promise<ProviderDto>>().mockRejectedValue(problem);
    const { onSaved } = renderForm({ save });

    await user.type(screen.getByLabelText(/^Name/), 'Second Twilio');
    await user.click(screen.getByRole('combobox', { name: /Provider/ }));
    await user.click(await screen.findByRole('option', { name: 'Twilio', hidden: true }));
    await user.type(screen.getByLabelText(/Account SID/), SID);
    await user.type(screen.getByLabelText(/Base URL/), 'ftp://nope');
    await user.type(screen.getByLabelText(/Messaging tier/), '500');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const token = await screen.findByLabelText(/Auth Token/);
    await waitFor(() => expect(token).toHaveAttribute('aria-invalid', 'true'));
    expect(token).toHaveAccessibleDescription(expect.stringContaining('Auth Token is required.'));
    expect(screen.getByLabelText(/Base URL/)).toHaveAccessibleDescription(expect.stringContaining('absolute http(s) URL'));
    expect(screen.getByLabelText(/Messaging tier/)).toHaveAccessibleDescription(expect.stringContaining('The messaging tier must be between'));
    // A message that belongs to no input goes to the alert.
    expect(screen.getByRole('alert')).toHaveTextContent('Something about the credentials as a whole.');
    // Nothing typed was lost.
    expect(screen.getByLabelText(/^Name/)).toHaveValue('Second Twilio');
    expect(screen.getByLabelText(/Account SID/)).toHaveValue(SID);
    expect(screen.getByLabelText(/Messaging tier/)).toHaveValue('500');
    expect(onSaved).not.toHaveBeenCalled();

    const payload = save.mock.calls[0][0];
    expect(payload).toEqual({
      name: 'Second Twilio',
      providerType: 'twilio',
      credentials: { accountSid: SID },
      settings: { baseUrl: 'ftp://nope', messagesPerSecond: 80, dailyMessagingLimit: 500 },
    });
  });

  it('shows the stored messaging tier, and sends it emptied as null', async () => {
    const user = userEvent.setup();
    const save = vi.fn<(p: SaveProviderRequest) => Promise<ProviderDto>>().mockResolvedValue(stored);
    renderForm({ provider: { ...stored, settings: { baseUrl: null, messagesPerSecond: 80, dailyMessagingLimit: 10_000 } }, save });

    const tier = screen.getByLabelText(/Messaging tier/);
    expect(tier).toHaveValue('10,000');
    await user.clear(tier);
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(save).toHaveBeenCalled());
    expect(save.mock.calls[0][0].settings).toEqual({ baseUrl: null, messagesPerSecond: 80, dailyMessagingLimit: null });
  });

  it('asks for a provider type before sending anything', async () => {
    const user = userEvent.setup();
    const { save } = renderForm();
    await user.type(screen.getByLabelText(/^Name/), 'No type');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Choose the provider of this account.')).toBeInTheDocument();
    expect(save).not.toHaveBeenCalled();
  });
});
