import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MantineProvider } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import type { CurrentUser, TemplateDto } from '../../api/client';
import { theme } from '../../theme';
import { currentUserKey } from '../../lib/auth';
import { makeTemplate } from '../../test/builders';

const templatesClient = vi.hoisted(() => ({
  listTemplates: vi.fn(),
  syncTemplates: vi.fn(),
  deleteTemplate: vi.fn(),
  createTemplate: vi.fn(),
  updateTemplate: vi.fn(),
}));
const providersClient = vi.hoisted(() => ({ listProviderSummaries: vi.fn() }));

vi.mock('../../lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../lib/api')>()),
  templatesClient,
  providersClient,
}));

const { TemplatesPage, EMPTY_TEMPLATES_TEXT } = await import('./TemplatesPage');

const template = (overrides: Partial<TemplateDto>): TemplateDto =>
  makeTemplate({
    variables: [
      { key: '1', label: '1', sample: 'Ana' },
      { key: '2', label: '2', sample: '$20' },
    ],
    bindings: [{ providerId: 3, externalId: 'HXaaa', providerName: 'Main Twilio', providerType: 'twilio' }],
    ...overrides,
  });

function renderPage(user: CurrentUser = { email: 'admin@example.com', roles: ['Admin'] }) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  queryClient.setQueryData(currentUserKey, user);
  render(
    <MantineProvider theme={theme}>
      <QueryClientProvider client={queryClient}>
        <ModalsProvider>
          <MemoryRouter>
            <TemplatesPage />
          </MemoryRouter>
        </ModalsProvider>
      </QueryClientProvider>
    </MantineProvider>,
  );
}

const problem = (status: number, title: string, detail: string) => ({ type: null, status, title, detail });

describe('TemplatesPage', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    providersClient.listProviderSummaries.mockResolvedValue([]);
  });

  it('invites to sync or add a template when there is none', async () => {
    templatesClient.listTemplates.mockResolvedValue([]);
    renderPage();
    expect(await screen.findByText(EMPTY_TEMPLATES_TEXT)).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: 'Sync from provider' }).length).toBeGreaterThan(0);
  });

  it('lists templates with their status, rejection reason, sendability and row-named actions', async () => {
    templatesClient.listTemplates.mockResolvedValue([
      template({}),
      template({
        id: 2,
        name: 'spring_promo',
        category: 'MARKETING',
        status: 'REJECTED',
        rejectionReason: 'Promotional content is not allowed.',
        sendable: false,
      }),
      template({ id: 3, name: 'outage_over', language: 'en_US', status: 'APPROVED', bindings: [], sendable: false }),
    ]);
    renderPage();

    const billDue = await screen.findByRole('row', { name: 'bill_due' });
    expect(within(billDue).getByText('APPROVED')).toBeInTheDocument();
    expect(within(billDue).getByText('Sendable')).toBeInTheDocument();
    expect(within(billDue).getByText('HXaaa')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Send test bill_due' })).toBeEnabled();

    const promo = screen.getByRole('row', { name: 'spring_promo' });
    expect(within(promo).getByText('REJECTED')).toBeInTheDocument();
    expect(within(promo).getByText('Promotional content is not allowed.')).toBeInTheDocument();
    expect(within(promo).getByText(/only approved templates can be sent/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Send test spring_promo' })).not.toBeInTheDocument();

    const outage = screen.getByRole('row', { name: 'outage_over' });
    expect(within(outage).getByText(/not bound to the active provider/)).toBeInTheDocument();
    expect(within(outage).getByText('None')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Edit outage_over' })).toBeEnabled();
  });

  it('searches and filters through the API', async () => {
    const user = userEvent.setup();
    templatesClient.listTemplates.mockResolvedValue([template({})]);
    renderPage();
    await screen.findByRole('row', { name: 'bill_due' });

    await user.type(screen.getByRole('searchbox', { name: 'Search templates' }), 'bill');
    await waitFor(() => expect(templatesClient.listTemplates).toHaveBeenLastCalledWith('bill', null, expect.anything()));

    await user.click(screen.getByRole('combobox', { name: 'Filter by status' }));
    await user.click(await screen.findByRole('option', { name: 'REJECTED', hidden: true }));
    await waitFor(() => expect(templatesClient.listTemplates).toHaveBeenLastCalledWith('bill', 'REJECTED', expect.anything()));
  });

  it('shows the sync summary with its warnings', async () => {
    const user = userEvent.setup();
    templatesClient.listTemplates.mockResolvedValue([template({})]);
    templatesClient.syncTemplates.mockResolvedValue({
      providerId: 3,
      providerName: 'Main Twilio',
      created: 1,
      updated: 2,
      unchanged: 3,
      total: 7,
      warnings: ['odd_one (en): Use either numbered placeholders ({{1}}, {{2}}) or named ones ({{customer_name}}), not both.'],
    });
    renderPage();
    await screen.findByRole('row', { name: 'bill_due' });

    await user.click(screen.getByRole('button', { name: 'Sync from provider' }));
    const result = await screen.findByTestId('sync-result');
    expect(result).toHaveTextContent('Synced from Main Twilio');
    expect(result).toHaveTextContent('1 created, 2 updated, 3 unchanged — 7 templates at Main Twilio.');
    expect(result).toHaveTextContent('1 template was skipped:');
    expect(result).toHaveTextContent('odd_one (en)');
    // The list is reloaded after the sync.
    await waitFor(() => expect(templatesClient.listTemplates).toHaveBeenCalledTimes(2));
  });

  it('explains a sync refused for want of an active provider, with a way to Settings for admins', async () => {
    const user = userEvent.setup();
    templatesClient.listTemplates.mockResolvedValue([]);
    templatesClient.syncTemplates.mockRejectedValue(
      problem(409, 'Conflict', 'No provider is active. Add one and set it active in Settings → WhatsApp.'),
    );
    renderPage();
    await screen.findByText(EMPTY_TEMPLATES_TEXT);

    await user.click(screen.getAllByRole('button', { name: 'Sync from provider' })[0]);
    const result = await screen.findByTestId('sync-result');
    expect(result).toHaveTextContent('Cannot sync: no usable active provider');
    expect(result).toHaveTextContent('No provider is active.');
    expect(within(result).getByRole('link', { name: 'Open Settings → WhatsApp' })).toHaveAttribute('href', '/settings/whatsapp');
  });

  it('reports a provider failure during sync (502)', async () => {
    const user = userEvent.setup();
    templatesClient.listTemplates.mockResolvedValue([]);
    templatesClient.syncTemplates.mockRejectedValue(problem(502, 'Template sync failed', 'Twilio: Twilio answered 401, error 20003: Authenticate'));
    renderPage({ email: 'staff@example.com', roles: ['Staff'] });
    await screen.findByText(EMPTY_TEMPLATES_TEXT);

    await user.click(screen.getAllByRole('button', { name: 'Sync from provider' })[0]);
    const result = await screen.findByTestId('sync-result');
    expect(result).toHaveTextContent('The provider did not answer the sync');
    expect(result).toHaveTextContent('Twilio answered 401');
  });

  it('deletes only after a confirmation that names the template', async () => {
    const user = userEvent.setup();
    templatesClient.listTemplates.mockResolvedValue([template({ id: 5 })]);
    templatesClient.deleteTemplate.mockResolvedValue(undefined);
    renderPage();

    await user.click(await screen.findByRole('button', { name: 'Delete bill_due' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete bill_due?' });
    expect(dialog).toHaveTextContent('bill_due');
    expect(templatesClient.deleteTemplate).not.toHaveBeenCalled();
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(templatesClient.deleteTemplate).toHaveBeenCalledWith(5));
  });

  it('names rows by language too when two templates share a name', async () => {
    templatesClient.listTemplates.mockResolvedValue([template({ id: 1 }), template({ id: 2, language: 'pt_BR' })]);
    renderPage();
    expect(await screen.findByRole('row', { name: 'bill_due (en)' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Edit bill_due (pt_BR)' })).toBeInTheDocument();
  });
});
