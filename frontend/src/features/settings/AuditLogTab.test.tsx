import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import type { AuditEntryDto } from '../../api/client';
import { renderAtRoute } from '../../test/renderAtRoute';

const auditClient = vi.hoisted(() => ({ listAuditEntries: vi.fn(), listAuditKinds: vi.fn() }));

vi.mock('../../lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../lib/api')>()),
  auditClient,
}));

const { AuditLogTab } = await import('./AuditLogTab');

const entry = (id: number, overrides: Partial<AuditEntryDto> = {}): AuditEntryDto => ({
  id,
  at: '2026-01-05T09:00:00Z',
  actorType: 'user',
  actorId: 'u1',
  actor: 'admin@example.com',
  kind: 'provider',
  action: 'SetActiveProvider',
  entityId: '3',
  summary: 'provider 3 made active',
  clientAddress: '203.0.113.7',
  ...overrides,
});

function renderTab() {
  renderAtRoute('/settings/audit-log', <Route path="/settings/audit-log" element={<AuditLogTab />} />);
}

describe('AuditLogTab', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    auditClient.listAuditKinds.mockResolvedValue(['provider', 'user']);
  });

  it('lists who changed what and from where, and asks for the next page by cursor', async () => {
    const user = userEvent.setup();
    auditClient.listAuditEntries
      .mockResolvedValueOnce({ items: [entry(9)], nextCursor: '9' })
      .mockResolvedValueOnce({ items: [entry(4, { actor: 'api-key:Billing', actorType: 'api-key', kind: 'event', summary: 'event 12 raised' })], nextCursor: null });
    renderTab();

    expect(await screen.findByRole('row', { name: /admin@example\.com.*provider 3 made active.*203\.0\.113\.7/ })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Show more' }));

    expect(await screen.findByRole('row', { name: /api-key:Billing.*event 12 raised/ })).toBeInTheDocument();
    expect(auditClient.listAuditEntries).toHaveBeenLastCalledWith(null, null, null, null, '9', 50, expect.anything());
    expect(screen.queryByRole('button', { name: 'Show more' })).not.toBeInTheDocument();
  });

  it('filters by person and offers the filtered export', async () => {
    const user = userEvent.setup();
    auditClient.listAuditEntries.mockResolvedValue({ items: [], nextCursor: null });
    renderTab();

    expect(await screen.findByText('No changes recorded yet')).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: 'Who' }), 'ana@');

    await waitFor(() => expect(auditClient.listAuditEntries).toHaveBeenLastCalledWith('ana@', null, null, null, null, 50, expect.anything()));
    expect(await screen.findByText('No change matches these filters')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Export CSV' })).toHaveAttribute('href', '/api/settings/audit-log/export?actor=ana%40');
  });
});
