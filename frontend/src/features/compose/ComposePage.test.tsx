import { beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import type { BroadcastDto, BroadcastPreviewDto } from '../../api/client';
import { currentAddress, renderAtRoute } from '../../test/renderAtRoute';
import { makeTemplate } from '../../test/builders';

const broadcastsClient = vi.hoisted(() => ({
  listVariableFields: vi.fn(),
  previewBroadcast: vi.fn(),
  createBroadcast: vi.fn(),
  listBroadcasts: vi.fn(),
}));
const templatesClient = vi.hoisted(() => ({ listTemplates: vi.fn() }));
const groupsClient = vi.hoisted(() => ({ listGroups: vi.fn() }));
const customersClient = vi.hoisted(() => ({ listCustomers: vi.fn() }));
const providersClient = vi.hoisted(() => ({ listProviderSummaries: vi.fn() }));
const authClient = vi.hoisted(() => ({ getCurrentUser: vi.fn() }));

vi.mock('../../lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../lib/api')>()),
  broadcastsClient,
  templatesClient,
  groupsClient,
  customersClient,
  providersClient,
  authClient,
}));

const { ComposePage } = await import('./ComposePage');

// The preview waits for the inputs to rest (PREVIEW_DEBOUNCE_MS) before it asks: give it time on a busy machine.
configure({ asyncUtilTimeout: 3000 });

const billDue = makeTemplate({
  id: 3,
  variables: [
    { key: '1', label: 'Customer name', sample: 'Ana' },
    { key: '2', label: '2', sample: '$20' },
  ],
});

const preview = (overrides: Partial<BroadcastPreviewDto> = {}): BroadcastPreviewDto => ({
  counts: { audience: 3, recipients: 2, skipped: 1, skippedBreakdown: { notOptedIn: 1, invalidPhone: 0, duplicate: 0, missingValue: 0, total: 1 } },
  sample: {
    customerId: 7,
    customerName: 'Ana Souza',
    phone: '+14155550123',
    parameters: { '1': 'Dear Ana Souza', '2': '$20' },
    renderedBody: 'Hi Dear Ana Souza, your bill of $20 is due.',
    missing: [],
  },
  estimate: { category: 'utility', totals: [{ amount: 0.0136, currency: 'USD' }], priced: 2, unpriced: 0 },
  ...overrides,
});

const created: BroadcastDto = { id: 42, status: 'Preparing', templateName: 'bill_due', total: 2, percent: 0 };

function renderPage() {
  return renderAtRoute(
    '/whatsapp/compose',
    <>
      <Route path="/whatsapp/compose" element={<ComposePage />} />
      <Route path="/whatsapp/broadcasts/:id" element={<p>Progress page</p>} />
    </>,
  );
}

type User = ReturnType<typeof userEvent.setup>;

/** Typing without a pause between keys: the page re-renders on every key, and these tests type a lot. */
const setupUser = () => userEvent.setup({ delay: null });

async function chooseOption(user: User, combobox: string, option: RegExp | string) {
  await user.click(screen.getByRole('combobox', { name: combobox }));
  await user.click(await screen.findByRole('option', { name: option, hidden: true }));
}

async function chooseTemplate(user: User) {
  await chooseOption(user, 'Template', 'bill_due (en)');
}

/** Opens the "Insert field" menu of a variable's input and picks a field from that menu. */
async function insertField(user: User, input: string, field: RegExp) {
  const button = screen.getByRole('button', { name: `Insert field into ${input}` });
  await user.click(button);
  const menu = await waitFor(() => {
    const dropdown = document.getElementById(button.getAttribute('aria-controls') ?? '');
    expect(dropdown).not.toBeNull();
    return dropdown!;
  });
  await user.click(await within(menu).findByRole('menuitem', { name: field, hidden: true }));
}

describe('ComposePage', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    templatesClient.listTemplates.mockResolvedValue([billDue]);
    broadcastsClient.listVariableFields.mockResolvedValue([
      { expression: '{{customer.name}}', label: 'Full name', example: 'Ana Souza' },
      { expression: '{{customer.plan}}', label: 'Plan', example: 'Fibre 500' },
    ]);
    broadcastsClient.listBroadcasts.mockResolvedValue({ items: [], total: 0, page: 1, pageSize: 10 });
    broadcastsClient.previewBroadcast.mockResolvedValue(preview());
    broadcastsClient.createBroadcast.mockResolvedValue(created);
    groupsClient.listGroups.mockResolvedValue([
      { id: 1, name: 'Downtown', memberCount: 3, optedInCount: 2 },
      { id: 2, name: 'Business', memberCount: 12, optedInCount: 12 },
    ]);
    customersClient.listCustomers.mockResolvedValue({ items: [], total: 0, page: 1, pageSize: 20 });
    providersClient.listProviderSummaries.mockResolvedValue([{ id: 1, name: 'Main Twilio', providerType: 'twilio', isActive: true, isStandby: false }]);
    authClient.getCurrentUser.mockResolvedValue({ email: 'admin@example.com', roles: ['Admin'] });
  });

  it('with no provider set up, says what to do first and links to Settings → WhatsApp', async () => {
    providersClient.listProviderSummaries.mockResolvedValue([]);
    templatesClient.listTemplates.mockResolvedValue([]);
    renderPage();
    const guide = await screen.findByRole('region', { name: 'Before you can send' });
    expect(guide).toHaveTextContent('No WhatsApp provider is set up yet');
    expect(within(guide).getByRole('link', { name: 'Open Settings → WhatsApp' })).toHaveAttribute('href', '/settings/whatsapp');
    // The form stays: the audience can be chosen and previewed meanwhile.
    expect(screen.getByRole('form', { name: 'Compose a broadcast' })).toBeInTheDocument();
  });

  it('with no approved template for the active provider, links to Templates to sync them', async () => {
    templatesClient.listTemplates.mockResolvedValue([]);
    renderPage();
    const guide = await screen.findByRole('region', { name: 'Before you can send' });
    expect(guide).toHaveTextContent('Connect a WhatsApp provider — done');
    expect(guide).toHaveTextContent('No approved template yet: sync the templates WhatsApp approved for Main Twilio on the Templates page.');
    expect(within(guide).getByRole('link', { name: 'Open Templates → Sync' })).toHaveAttribute('href', '/whatsapp/templates');
    expect(screen.getByText(/No approved template yet. Sync them from your provider/)).toBeInTheDocument();
  });

  it('shows no set-up guide once a provider is active and a template can be sent', async () => {
    const queryClient = renderPage();
    await waitFor(() => expect(queryClient.isFetching()).toBe(0));
    expect(providersClient.listProviderSummaries).toHaveBeenCalled();
    expect(templatesClient.listTemplates).toHaveBeenCalled();
    expect(screen.queryByTestId('setup-guide')).not.toBeInTheDocument();
  });

  it('previews a group broadcast with a typed and an inserted value, then sends it after a confirmation and opens its progress', async () => {
    const user = setupUser();
    renderPage();

    await user.click(screen.getByRole('radio', { name: 'Groups' }));
    await user.click(screen.getByRole('combobox', { name: 'Groups' }));
    const downtown = await screen.findByRole('option', { name: /Downtown/, hidden: true });
    expect(downtown).toHaveTextContent('3 members, 2 opted in');
    await user.click(downtown);

    await chooseTemplate(user);
    expect(screen.getByTestId('template-body')).toHaveTextContent('Hi {{1}}, your bill of {{2}} is due.');

    const name = screen.getByLabelText(/^Customer name/);
    await user.type(name, 'Dear ');
    await insertField(user, 'Customer name', /Full name/);
    expect(name).toHaveValue('Dear {{customer.name}}');
    await user.type(screen.getByLabelText(/^Variable \{\{2\}\}/), '$20');

    await waitFor(() =>
      expect(broadcastsClient.previewBroadcast).toHaveBeenLastCalledWith(
        {
          templateId: 3,
          audience: { all: false, groupIds: [1], customerIds: [], filter: null },
          variables: { '1': 'Dear {{customer.name}}', '2': '$20' },
        },
        expect.anything(),
      ),
    );
    expect(await screen.findByTestId('count-recipients')).toHaveTextContent('2');
    expect(screen.getByTestId('count-skipped')).toHaveTextContent('1');
    expect(screen.getByTestId('count-notOptedIn')).toHaveTextContent('1');
    expect(screen.getByTestId('count-invalidPhone')).toHaveTextContent('0');
    expect(screen.getByText('Not opted in')).toBeInTheDocument();
    expect(screen.getByTestId('preview-cost')).toHaveTextContent(/Estimated cost: .*0\.0136.*\(utility\)/);
    expect(screen.getByRole('region', { name: 'Sample message to Ana Souza' })).toHaveTextContent('Hi Dear Ana Souza, your bill of $20 is due.');
    expect(screen.queryByTestId('sample-missing')).not.toBeInTheDocument();

    await user.type(screen.getByLabelText(/^Name/), 'May bills');
    await user.click(screen.getByRole('button', { name: 'Send now' }));
    const dialog = await screen.findByRole('dialog', { name: 'Send to 2 recipients?' });
    expect(dialog).toHaveTextContent('1 customer of the audience will be skipped');
    expect(broadcastsClient.createBroadcast).not.toHaveBeenCalled();
    await user.click(within(dialog).getByRole('button', { name: 'Send to 2 recipients' }));

    await waitFor(() =>
      expect(broadcastsClient.createBroadcast).toHaveBeenCalledWith({
        templateId: 3,
        audience: { all: false, groupIds: [1], customerIds: [], filter: null },
        variables: { '1': 'Dear {{customer.name}}', '2': '$20' },
        scheduledAt: null,
        name: 'May bills',
      }),
    );
    await waitFor(() => expect(currentAddress()).toBe('/whatsapp/broadcasts/42'));
  });

  it('sends to chosen customers of one plan at a scheduled time, given in local time and sent as UTC', async () => {
    const user = setupUser();
    customersClient.listCustomers.mockResolvedValue({
      items: [
        { id: 7, name: 'Ana Souza', phone: '+14155550123', whatsAppOptIn: true },
        { id: 8, name: 'Bo Li', phone: '+14155550124', whatsAppOptIn: false },
      ],
      total: 2,
      page: 1,
      pageSize: 20,
    });
    renderPage();

    await user.click(screen.getByRole('radio', { name: 'Chosen customers' }));
    await user.type(screen.getByRole('combobox', { name: 'Customers' }), 'ana');
    await waitFor(() => expect(customersClient.listCustomers).toHaveBeenLastCalledWith('ana', null, 1, 20, null, expect.anything()));
    expect(await screen.findByRole('option', { name: /Bo Li/, hidden: true })).toHaveTextContent('Not opted in');
    await user.click(await screen.findByRole('option', { name: /Ana Souza/, hidden: true }));
    await user.type(screen.getByRole('textbox', { name: 'Plan' }), 'Fibre 500');

    await chooseTemplate(user);
    await insertField(user, 'Customer name', /Full name/);
    await insertField(user, 'Variable {{2}}', /Plan/);

    await user.click(screen.getByRole('radio', { name: 'Schedule' }));
    fireEvent.change(screen.getByLabelText(/^Send at/), { target: { value: '2030-01-31T09:30' } });
    expect(screen.getByTestId('schedule-summary')).toHaveTextContent(new Date(2030, 0, 31, 9, 30).toISOString().slice(0, 16).replace('T', ' '));

    await user.click(screen.getByRole('button', { name: 'Schedule' }));
    const dialog = await screen.findByRole('dialog', { name: 'Schedule for 2 recipients?' });
    await user.click(within(dialog).getByRole('button', { name: 'Schedule' }));

    await waitFor(() =>
      expect(broadcastsClient.createBroadcast).toHaveBeenCalledWith({
        templateId: 3,
        audience: { all: false, groupIds: [], customerIds: [7], filter: { plan: 'Fibre 500', language: null } },
        variables: { '1': '{{customer.name}}', '2': '{{customer.plan}}' },
        scheduledAt: new Date(2030, 0, 31, 9, 30).toISOString(),
        name: null,
      }),
    );
  });

  it('shows validation problems on their inputs and the rest in an alert', async () => {
    const user = setupUser();
    broadcastsClient.createBroadcast.mockRejectedValue({
      status: 400,
      title: 'One or more validation errors occurred.',
      errors: {
        'variables.1': ["'{{customer.nickname}}' is not a field messages can use."],
        'audience.groupIds': ['No such group: 1.'],
      },
    });
    renderPage();

    await user.click(screen.getByRole('radio', { name: 'Groups' }));
    await chooseOption(user, 'Groups', /Downtown/);
    await chooseTemplate(user);
    await user.type(screen.getByLabelText(/^Customer name/), 'Ana');
    await user.type(screen.getByLabelText(/^Variable \{\{2\}\}/), '$20');
    await user.click(screen.getByRole('button', { name: 'Send now' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Send to 2 recipients' }));

    const variable = screen.getByLabelText(/^Customer name/);
    await waitFor(() => expect(variable).toHaveAttribute('aria-invalid', 'true'));
    expect(variable).toHaveAccessibleDescription(expect.stringContaining('is not a field messages can use'));
    expect(screen.getByText('No such group: 1.')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('Correct the highlighted fields, then send again.');
    expect(currentAddress()).toBe('/whatsapp/compose');
  });

  it('checks the choices before asking the server', async () => {
    const user = setupUser();
    renderPage();
    await user.click(screen.getByRole('radio', { name: 'Groups' }));
    await user.click(screen.getByRole('button', { name: 'Send now' }));
    expect(await screen.findByText('Choose at least one group.')).toBeInTheDocument();
    expect(screen.getByText('Choose a template.')).toBeInTheDocument();
    expect(broadcastsClient.previewBroadcast).not.toHaveBeenCalled();
    expect(broadcastsClient.createBroadcast).not.toHaveBeenCalled();
  });

  it('puts the keyboard on the first field to fix after a refused send', async () => {
    const user = setupUser();
    renderPage();
    await user.click(screen.getByRole('button', { name: 'Send now' }));
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Template' })).toHaveFocus());
  });

  it('keeps a half-filled form when the page is left, offers it back, and discards it on request', async () => {
    const user = setupUser();
    renderPage();
    await user.click(screen.getByRole('radio', { name: 'Groups' }));
    await user.type(screen.getByRole('textbox', { name: 'Plan' }), 'Fibre 500');
    // Leaving the page: it unmounts, the tab's storage stays.
    cleanup();

    renderPage();
    expect(await screen.findByText('Your unsent draft is back')).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Groups' })).toBeChecked();
    expect(screen.getByRole('textbox', { name: 'Plan' })).toHaveValue('Fibre 500');

    await user.click(screen.getByRole('button', { name: 'Discard draft' }));
    expect(screen.getByRole('radio', { name: 'All opted-in customers' })).toBeChecked();
    expect(screen.getByRole('textbox', { name: 'Plan' })).toHaveValue('');
    expect(screen.queryByText('Your unsent draft is back')).not.toBeInTheDocument();
    expect(sessionStorage.length).toBe(0);
  });

  it('explains a preview refused for want of an active provider, and a preview field error on its input', async () => {
    const user = setupUser();
    broadcastsClient.previewBroadcast.mockRejectedValueOnce({
      status: 409,
      title: 'Conflict',
      detail: 'No WhatsApp provider is active. Add one and set it active in Settings → WhatsApp.',
    });
    renderPage();
    await chooseTemplate(user);
    await user.type(screen.getByLabelText(/^Customer name/), 'Ana');
    await user.type(screen.getByLabelText(/^Variable \{\{2\}\}/), '$20');
    expect(await screen.findByRole('alert')).toHaveTextContent('No WhatsApp provider is active.');

    broadcastsClient.previewBroadcast.mockRejectedValueOnce({ status: 400, errors: { 'variables.2': ['At most 1024 characters.'] } });
    await user.type(screen.getByLabelText(/^Variable \{\{2\}\}/), '0');
    const amount = screen.getByLabelText(/^Variable \{\{2\}\}/);
    await waitFor(() => expect(amount).toHaveAttribute('aria-invalid', 'true'));
    expect(amount).toHaveAccessibleDescription(expect.stringContaining('At most 1024 characters.'));
  });

  it('warns when the sample recipient lacks a value, and when nobody can receive it', async () => {
    const user = setupUser();
    broadcastsClient.previewBroadcast.mockResolvedValueOnce(
      preview({ sample: { ...preview().sample, parameters: { '1': '', '2': '$20' }, missing: ['1'] } }),
    );
    renderPage();
    await chooseTemplate(user);
    await user.type(screen.getByLabelText(/^Customer name/), '{{customer.email}}');
    await user.type(screen.getByLabelText(/^Variable \{\{2\}\}/), '$20');
    expect(await screen.findByTestId('sample-missing')).toHaveTextContent('Ana Souza has no value for Customer name');

    const nobody = preview({
      counts: { audience: 1, recipients: 0, skipped: 1, skippedBreakdown: { notOptedIn: 0, invalidPhone: 1, duplicate: 0, missingValue: 0 } },
      sample: null,
    });
    broadcastsClient.previewBroadcast.mockResolvedValue(nobody);
    await user.type(screen.getByLabelText(/^Variable \{\{2\}\}/), '0');
    expect(await screen.findByText(/Nobody in this audience can receive the message: see why above/)).toBeInTheDocument();
    expect(screen.getByTestId('count-invalidPhone')).toHaveTextContent('1');

    await user.click(screen.getByRole('button', { name: 'Send now' }));
    expect(await screen.findByText(/Nobody in this audience can receive the message. See the preview/)).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(broadcastsClient.createBroadcast).not.toHaveBeenCalled();
  });

  it('warns before a broadcast would go past what is left of the messaging limit today, and says who is free inside their window', async () => {
    const user = setupUser();
    broadcastsClient.previewBroadcast.mockResolvedValue(
      preview({
        estimate: { category: 'utility', totals: [{ amount: 0.004, currency: 'USD' }], priced: 2, unpriced: 0, freeInWindow: 1 },
        messagingLimit: { usage: { limit: 250, source: 'provider', tier: 'TIER_250', reached: 249, remaining: 1 }, newRecipients: 2, over: 1 },
      }),
    );
    renderPage();
    await chooseTemplate(user);
    await user.type(screen.getByLabelText(/^Customer name/), 'Ana');
    await user.type(screen.getByLabelText(/^Variable \{\{2\}\}/), '$20');
    const warning = await screen.findByTestId('preview-limit');
    expect(warning).toHaveTextContent('Past today’s messaging limit');
    expect(warning).toHaveTextContent('2 of its recipients are new within the last 24 hours, but only 1 of the 250 people a day are left');
    expect(warning).toHaveTextContent('WhatsApp would refuse 1 of them');
    expect(screen.getByTestId('preview-cost')).toHaveTextContent('1 free inside an open service window');

    broadcastsClient.previewBroadcast.mockResolvedValue(
      preview({ messagingLimit: { usage: { limit: 250, source: 'provider', reached: 10, remaining: 240 }, newRecipients: 2, over: 0 } }),
    );
    await user.type(screen.getByLabelText(/^Variable \{\{2\}\}/), '0');
    await waitFor(() => expect(screen.getByTestId('preview-limit')).toHaveTextContent('Messaging limit: 2 of its recipients are new within the last 24 hours; 240 of 250 left today.'));
  });

  it('lists the recent broadcasts with their status, progress and a link to each', async () => {
    broadcastsClient.listBroadcasts.mockResolvedValue({
      items: [
        { id: 9, name: 'May bills', status: 'Sending', templateName: 'bill_due', language: 'en', total: 40, percent: 25, createdAt: '2025-05-12T14:03:00Z' },
        { id: 8, name: null, status: 'Completed', templateName: 'outage_over', language: 'en', total: 3, percent: 100, createdAt: '2025-05-11T09:00:00Z' },
      ],
      total: 2,
      page: 1,
      pageSize: 10,
    });
    renderPage();

    const may = await screen.findByRole('row', { name: 'May bills' });
    expect(within(may).getByText('Sending')).toBeInTheDocument();
    expect(within(may).getByRole('progressbar', { name: 'Progress of May bills' })).toHaveAttribute('aria-valuenow', '25');
    expect(within(may).getByRole('link', { name: 'May bills' })).toHaveAttribute('href', '/whatsapp/broadcasts/9');
    const outage = screen.getByRole('row', { name: 'outage_over #8' });
    expect(within(outage).getByText('Completed')).toBeInTheDocument();
    expect(within(outage).getByText('100%')).toBeInTheDocument();
    expect(broadcastsClient.listBroadcasts).toHaveBeenCalledWith(null, 1, 10, expect.anything());
  });
});
