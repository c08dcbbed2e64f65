import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { Route } from 'react-router';
import type { FailureReasonDto, ProviderHealthDto } from '../../api/client';
import { minutesAgo, providerHealth } from './providerHealth.fixture';
import { renderAtRoute } from '../../test/renderAtRoute';
import { makeTemplate } from '../../test/builders';

const authClient = vi.hoisted(() => ({ getCurrentUser: vi.fn() }));
const templatesClient = vi.hoisted(() => ({ listTemplates: vi.fn() }));

vi.mock('../../lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../lib/api')>()),
  authClient,
  templatesClient,
}));

const { MessagingTierCard, ProviderHealthCard } = await import('./ProviderHealthCards');

const backup = providerHealth({ id: 2, name: 'Backup Meta', providerType: 'meta', isActive: false, isStandby: true, sentLast24h: 0 });

const failures: FailureReasonDto[] = [
  { providerType: 'twilio', code: '63016', meaning: 'Outside the 24-hour window: only templates can be sent', count: 4 },
];

function renderCards(list: ProviderHealthDto[] | undefined, error: unknown = null) {
  return renderAtRoute(
    '/',
    <Route
      path="/"
      element={
        <>
          <ProviderHealthCard health={list} failures={failures} error={error} />
          <MessagingTierCard health={list} error={error} />
        </>
      }
    />,
  );
}

const healthCard = () => screen.getByRole('region', { name: 'Active provider' });
const tierCard = () => screen.getByRole('region', { name: 'Last 24 hours' });

describe('ProviderHealthCard', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    authClient.getCurrentUser.mockResolvedValue({ email: 'admin@example.com', roles: ['Admin'] });
    templatesClient.listTemplates.mockResolvedValue([]);
  });

  it('shows a healthy active provider: its last success, no error, a closed circuit, and how to add a standby', async () => {
    renderCards([providerHealth(), providerHealth({ id: 3, name: 'Spare', isActive: false })]);
    expect(within(healthCard()).getByTestId('active-provider')).toHaveTextContent('Main Twilio');
    expect(within(healthCard()).getByTestId('last-success')).toHaveTextContent('3 minutes ago');
    expect(within(healthCard()).queryByTestId('last-error')).not.toBeInTheDocument();
    expect(within(healthCard()).getByTestId('circuit-state')).toHaveTextContent('Closed — sending normally');
    const standby = within(healthCard()).getByTestId('standby-provider');
    expect(standby).toHaveTextContent('None: while Main Twilio is down, messages wait for it.');
    expect(await within(standby).findByRole('link', { name: 'Choose a standby in Settings → WhatsApp' })).toHaveAttribute(
      'href',
      '/settings/whatsapp',
    );
  });

  it('shows the last error with its code, text and meaning, an open circuit, and the standby taking over', () => {
    const down = providerHealth({
      lastSuccessAt: minutesAgo(30),
      lastErrorAt: minutesAgo(2),
      lastErrorCode: '63016',
      lastErrorMessage: 'Failed to send freeform message because you are outside the allowed window.',
      circuitState: 'open',
      circuitOpenUntil: new Date(Date.now() + 60_000).toISOString(),
    });
    renderCards([down, backup]);
    const error = within(healthCard()).getByTestId('last-error');
    expect(error).toHaveTextContent('2 minutes ago');
    expect(error).toHaveTextContent('63016');
    expect(error).toHaveTextContent('outside the allowed window');
    expect(error).toHaveTextContent('What it means: Outside the 24-hour window: only templates can be sent');
    expect(error).not.toHaveTextContent('sent fine since');
    expect(within(healthCard()).getByTestId('circuit-state')).toHaveTextContent('Open');
    expect(healthCard()).toHaveTextContent(/Sends are paused after repeated failures until .+; messages fail over to Backup Meta meanwhile\./);
    expect(within(healthCard()).getByTestId('standby-provider')).toHaveTextContent('Backup Meta (meta) takes over while Main Twilio is down');
  });

  it('says how many sendable templates the standby has, instead of "takes over", when failover would not send them all', async () => {
    templatesClient.listTemplates.mockResolvedValue([
      makeTemplate({ id: 1, sendable: true, bindings: [{ providerId: 1, externalId: 'HX1' }] }),
      makeTemplate({ id: 2, sendable: true, bindings: [{ providerId: 1, externalId: 'HX2' }] }),
    ]);
    renderCards([providerHealth({}), backup]);
    expect(await within(healthCard()).findByTestId('standby-coverage')).toHaveTextContent('0 of 2 templates bound — failover won’t send these');
    expect(within(healthCard()).getByTestId('standby-provider')).not.toHaveTextContent('takes over');
  });

  it('says when the provider has sent fine since its last error', () => {
    renderCards([providerHealth({ lastErrorAt: minutesAgo(60), lastErrorCode: '63016', lastErrorMessage: 'Outside the window.' })]);
    expect(within(healthCard()).getByTestId('last-error')).toHaveTextContent('(sent fine since)');
  });

  it('says what to do when no provider is active', async () => {
    renderCards([providerHealth({ isActive: false })]);
    const none = within(healthCard()).getByTestId('no-provider');
    await waitFor(() => expect(none).toHaveTextContent('No provider is active — set one up in Settings → WhatsApp.'));
    expect(tierCard()).toHaveTextContent('No provider is active.');
  });

  it('shows a skeleton while loading and the problem when the load failed', () => {
    renderCards(undefined, { status: 500, title: 'Server error' });
    expect(within(healthCard()).getByRole('alert')).toHaveTextContent('Could not load the providers’ health.');
    expect(within(healthCard()).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});

describe('MessagingTierCard', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    authClient.getCurrentUser.mockResolvedValue({ email: 'admin@example.com', roles: ['Admin'] });
  });

  it('holds the unique people reached in the last 24 hours against the limit, in text and as a bar, beside the messages', () => {
    renderCards([providerHealth({ sentLast24h: 900 })]);
    expect(within(tierCard()).getByTestId('messaging-tier')).toHaveTextContent('420 of 1,000 (42%) people');
    expect(within(tierCard()).getByTestId('sent-last-24h')).toHaveTextContent('900 messages accepted in all.');
    expect(
      within(tierCard()).getByRole('progressbar', { name: 'People reached in the last 24 hours against the messaging limit of Main Twilio' }),
    ).toHaveAttribute('aria-valuenow', '42');
    expect(within(tierCard()).getByTestId('limit-source')).toHaveTextContent('Limit 1,000: set in Settings → WhatsApp.');
  });

  it('says when the limit is the tier Meta reported', () => {
    const messagingLimit = { limit: 2000, source: 'provider', tier: 'TIER_2K', tierReadAt: minutesAgo(5), reached: 10, remaining: 1990 };
    renderCards([providerHealth({ messagingLimit })]);
    expect(within(tierCard()).getByTestId('limit-source')).toHaveTextContent('Limit 2,000: TIER_2K, read 5 minutes ago.');
  });

  it('warns near the limit', () => {
    renderCards([providerHealth({ messagingLimit: { limit: 1000, source: 'settings', reached: 850, remaining: 150 } })]);
    expect(tierCard()).toHaveTextContent('Close to the limit');
  });

  it('caps the bar at 100% when the limit is used up', () => {
    renderCards([providerHealth({ messagingLimit: { limit: 1000, source: 'settings', reached: 1200, remaining: 0 } })]);
    expect(within(tierCard()).getByTestId('messaging-tier')).toHaveTextContent('1,200 of 1,000 (120%)');
    expect(within(tierCard()).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
    expect(tierCard()).toHaveTextContent('The limit is used up');
  });

  it('says no tier is set, with a link to the provider settings for admins', async () => {
    renderCards([providerHealth({ dailyMessagingLimit: null, messagingLimit: { reached: 420 } })]);
    const card = within(tierCard()).getByTestId('messaging-tier');
    expect(card).toHaveTextContent('420');
    expect(card).toHaveTextContent('No messaging tier set');
    expect(await within(card).findByRole('link', { name: 'Set Main Twilio’s tier in Settings → WhatsApp' })).toHaveAttribute(
      'href',
      '/settings/whatsapp',
    );
    expect(within(tierCard()).queryByRole('progressbar')).not.toBeInTheDocument();
  });

  it('tells Staff that an admin sets the tier', async () => {
    authClient.getCurrentUser.mockResolvedValue({ email: 'staff@example.com', roles: ['Staff'] });
    renderCards([providerHealth({ dailyMessagingLimit: null, messagingLimit: { reached: 420 } })]);
    const card = within(tierCard()).getByTestId('messaging-tier');
    await waitFor(() => expect(card).toHaveTextContent('An admin can set it in Settings → WhatsApp.'));
    expect(within(card).queryByRole('link')).not.toBeInTheDocument();
  });
});
