import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { Route } from 'react-router';
import { renderAtRoute } from '../../test/renderAtRoute';
import { makeProviderSummary, makeTemplate } from '../../test/builders';

const providersClient = vi.hoisted(() => ({ listProviderSummaries: vi.fn() }));
const templatesClient = vi.hoisted(() => ({ listTemplates: vi.fn() }));
const authClient = vi.hoisted(() => ({ getCurrentUser: vi.fn() }));

vi.mock('../../lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../lib/api')>()),
  providersClient,
  templatesClient,
  authClient,
}));

const { SetupGuide } = await import('./SetupGuide');

const twilio = makeProviderSummary();
const spare = makeProviderSummary({ id: 2, name: 'Spare', providerType: 'meta', isActive: false });
const billDue = (sendable: boolean) => makeTemplate({ id: 3, sendable });

const renderGuide = () => renderAtRoute('/', <Route path="/" element={<SetupGuide description="Why it matters." />} />);

/** The guide, once shown; its two steps in order. */
async function guide() {
  const section = await screen.findByRole('region', { name: 'Before you can send' });
  const steps = within(section).getAllByTestId('setup-step');
  expect(steps).toHaveLength(2);
  return { section, provider: steps[0], templates: steps[1] };
}

describe('SetupGuide', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    authClient.getCurrentUser.mockResolvedValue({ email: 'admin@example.com', roles: ['Admin'] });
    providersClient.listProviderSummaries.mockResolvedValue([]);
    templatesClient.listTemplates.mockResolvedValue([]);
  });

  it('asks the only approved templates, like the Compose page', async () => {
    renderGuide();
    await guide();
    expect(templatesClient.listTemplates).toHaveBeenCalledWith(null, 'APPROVED', expect.anything());
  });

  it('with no provider, tells an admin to add one and links to Settings → WhatsApp; the templates step waits for it', async () => {
    renderGuide();
    const { section, provider, templates } = await guide();
    expect(section).toHaveTextContent('Why it matters.');
    expect(provider).toHaveTextContent('No WhatsApp provider is set up yet: add your Twilio, Vonage or Meta account and set it active.');
    expect(within(provider).getByRole('link', { name: 'Open Settings → WhatsApp' })).toHaveAttribute('href', '/settings/whatsapp');
    expect(templates).toHaveTextContent('Once a provider is active, sync the templates');
    expect(within(templates).getByRole('link', { name: 'Templates' })).toHaveAttribute('href', '/whatsapp/templates');
    expect(within(templates).queryByRole('link', { name: 'Open Templates → Sync' })).not.toBeInTheDocument();
  });

  it('tells Staff to ask an admin, without a link to the admins-only settings', async () => {
    authClient.getCurrentUser.mockResolvedValue({ email: 'staff@example.com', roles: ['Staff'] });
    renderGuide();
    const { provider } = await guide();
    await waitFor(() => expect(provider).toHaveTextContent('Only an admin can do this, in Settings → WhatsApp: ask one of them.'));
    expect(within(provider).queryByRole('link')).not.toBeInTheDocument();
  });

  it('says when providers exist but none is active', async () => {
    providersClient.listProviderSummaries.mockResolvedValue([spare]);
    renderGuide();
    const { provider } = await guide();
    expect(provider).toHaveTextContent('1 provider set up, but none is active: set one active to send through it.');
    expect(within(provider).getByRole('link', { name: 'Open Settings → WhatsApp' })).toBeInTheDocument();
  });

  it('with an active provider and no approved template, marks the first step done and links to Templates → Sync', async () => {
    providersClient.listProviderSummaries.mockResolvedValue([spare, twilio]);
    renderGuide();
    const { provider, templates } = await guide();
    expect(provider).toHaveTextContent('Connect a WhatsApp provider — done');
    expect(provider).toHaveTextContent('Messages go out through Main Twilio.');
    expect(within(provider).queryByRole('link')).not.toBeInTheDocument();
    expect(templates).toHaveTextContent('No approved template yet: sync the templates WhatsApp approved for Main Twilio on the Templates page.');
    expect(within(templates).getByRole('link', { name: 'Open Templates → Sync' })).toHaveAttribute('href', '/whatsapp/templates');
  });

  it('says so when the approved templates are not bound to the active provider', async () => {
    providersClient.listProviderSummaries.mockResolvedValue([twilio]);
    templatesClient.listTemplates.mockResolvedValue([billDue(false)]);
    renderGuide();
    const { templates } = await guide();
    expect(templates).toHaveTextContent('None of the approved templates is bound to Main Twilio: sync them from it on the Templates page.');
  });

  it('is not there once a provider is active and a template can be sent', async () => {
    providersClient.listProviderSummaries.mockResolvedValue([twilio]);
    templatesClient.listTemplates.mockResolvedValue([billDue(true)]);
    const queryClient = renderGuide();
    await waitFor(() => expect(queryClient.isFetching()).toBe(0));
    expect(templatesClient.listTemplates).toHaveBeenCalled();
    expect(screen.queryByTestId('setup-guide')).not.toBeInTheDocument();
  });

  it('stays out of the way while a list cannot be loaded (the page shows that failure)', async () => {
    providersClient.listProviderSummaries.mockRejectedValue(new Error('boom'));
    const queryClient = renderGuide();
    await waitFor(() => expect(queryClient.isFetching()).toBe(0));
    expect(providersClient.listProviderSummaries).toHaveBeenCalled();
    expect(screen.queryByTestId('setup-guide')).not.toBeInTheDocument();
  });
});
