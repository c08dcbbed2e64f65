import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import type { ConversationDto, TimelinePage } from '../../api/client';
import { renderAtRoute } from '../../test/renderAtRoute';
import { makeTemplate } from '../../test/builders';

const conversationsClient = vi.hoisted(() => ({
  listConversations: vi.fn(),
  getConversation: vi.fn(),
  listConversationMessages: vi.fn(),
  markConversationRead: vi.fn(),
  replyToConversation: vi.fn(),
  countUnreadConversations: vi.fn(),
  listConversationTickets: vi.fn(),
  addConversationNote: vi.fn(),
  openConversationTicket: vi.fn(),
}));
const mediaClient = vi.hoisted(() => ({ uploadMedia: vi.fn() }));
const cannedRepliesClient = vi.hoisted(() => ({ listCannedReplies: vi.fn() }));
const templatesClient = vi.hoisted(() => ({ listTemplates: vi.fn() }));
const demoClient = vi.hoisted(() => ({ getDemoInfo: vi.fn(async () => ({ enabled: false })) }));

vi.mock('../../lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../lib/api')>()),
  conversationsClient,
  cannedRepliesClient,
  demoClient,
  templatesClient,
  mediaClient,
}));

const { InboxPage } = await import('./InboxPage');

const inAnHour = () => new Date(Date.now() + 60 * 60_000).toISOString();

const conversation = (overrides: Partial<ConversationDto> = {}): ConversationDto => ({
  id: 5,
  phone: '+14155550123',
  name: 'Ana Souza',
  customerId: 7,
  status: 'Open',
  unreadCount: 0,
  lastActivityAt: new Date().toISOString(),
  lastPreview: 'my internet is down',
  windowOpen: true,
  windowClosesAt: inAnHour(),
  ...overrides,
});

const thread: TimelinePage = {
  items: [{ direction: 'Inbound', at: new Date().toISOString(), text: 'my internet is down', inbound: { id: 1, kind: 'Text', text: 'my internet is down' } }],
  nextCursor: null,
};

const renderInbox = (c: ConversationDto) => {
  conversationsClient.listConversations.mockResolvedValue({ items: [c], nextCursor: null });
  conversationsClient.getConversation.mockResolvedValue(c);
  conversationsClient.listConversationMessages.mockResolvedValue(thread);
  templatesClient.listTemplates.mockResolvedValue([makeTemplate({ name: 'bill_due' })]);
  conversationsClient.listConversationTickets.mockResolvedValue([]);
  cannedRepliesClient.listCannedReplies.mockResolvedValue([{ id: 1, title: 'Outage', text: 'We know about the outage and are on it.' }]);
  renderAtRoute(`/whatsapp/inbox?c=${c.id}`, <Route path="/whatsapp/inbox" element={<InboxPage />} />);
};

describe('InboxPage', () => {
  it('replies with free text while the window is open and says how long it stays open', async () => {
    conversationsClient.replyToConversation.mockResolvedValue({ id: 9, status: 'Accepted' });
    renderInbox(conversation());

    expect(await screen.findByText(/Service window open: \d+ (h \d+ )?min left/)).toBeInTheDocument();
    await userEvent.type(screen.getByRole('textbox', { name: 'Reply' }), 'We are on it');
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));

    await waitFor(() => expect(conversationsClient.replyToConversation).toHaveBeenCalledWith(5, { text: 'We are on it' }));
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Reply' })).toHaveValue(''));
  });

  it('uploads an attached file and sends it with the text as its caption', async () => {
    conversationsClient.replyToConversation.mockResolvedValue({ id: 10, status: 'Accepted' });
    mediaClient.uploadMedia.mockResolvedValue({ id: 'abc123', kind: 'Document' });
    renderInbox(conversation());

    const file = new File(['%PDF-1.4'], 'bill.pdf', { type: 'application/pdf' });
    await screen.findByRole('textbox', { name: 'Reply' });
    await userEvent.upload(document.querySelector('input[type=file]') as HTMLInputElement, file);
    expect(screen.getByLabelText('Attached file')).toHaveTextContent('bill.pdf');
    await userEvent.type(screen.getByRole('textbox', { name: 'Reply' }), 'Your bill');
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));

    await waitFor(() => expect(conversationsClient.replyToConversation).toHaveBeenCalledWith(5, { text: 'Your bill', mediaId: 'abc123' }));
    expect(mediaClient.uploadMedia).toHaveBeenCalledWith({ data: file, fileName: 'bill.pdf' });
    await waitFor(() => expect(screen.queryByLabelText('Attached file')).not.toBeInTheDocument());
  });

  it('offers only a template, saying why, once the window has closed', async () => {
    renderInbox(conversation({ windowOpen: false, windowClosesAt: new Date(Date.now() - 60_000).toISOString() }));

    expect(await screen.findByText(/window has closed/)).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: 'Reply' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Send template' })).toBeDisabled();
  });

  it('marks an opened conversation with unread messages as read', async () => {
    conversationsClient.markConversationRead.mockResolvedValue(conversation());
    renderInbox(conversation({ unreadCount: 2 }));

    await waitFor(() => expect(conversationsClient.markConversationRead).toHaveBeenCalledWith(5));
  });

  it('puts a canned reply into the reply box to edit before sending', async () => {
    renderInbox(conversation());

    await userEvent.click(await screen.findByRole('button', { name: 'Canned reply' }));
    // hidden: Mantine's dropdown may still be in its opening transition, as in the other menus' tests.
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Outage', hidden: true }, { timeout: 5000 }));

    expect(screen.getByRole('textbox', { name: 'Reply' })).toHaveValue('We know about the outage and are on it.');
  });

  it('adds an internal note instead of replying, even after the window has closed', async () => {
    conversationsClient.addConversationNote.mockResolvedValue({ id: 3, text: 'Called them back' });
    renderInbox(conversation({ windowOpen: false, windowClosesAt: null }));

    await userEvent.click(await screen.findByRole('radio', { name: 'Internal note' }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Note' }), 'Called them back');
    await userEvent.click(screen.getByRole('button', { name: 'Add note' }));

    await waitFor(() => expect(conversationsClient.addConversationNote).toHaveBeenCalledWith(5, { text: 'Called them back' }));
  });

  it('opens a ticket from the conversation, its subject left to the customer\'s message', async () => {
    conversationsClient.openConversationTicket.mockResolvedValue({ id: 4, number: 'T-00004', subject: 'my internet is down', status: 'Open' });
    renderInbox(conversation());

    await userEvent.click(await screen.findByRole('button', { name: 'Open ticket' }));
    const dialog = await screen.findByRole('dialog', { name: 'Open a ticket' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Open ticket' }));

    await waitFor(() => expect(conversationsClient.openConversationTicket).toHaveBeenCalledWith(5, { subject: null }));
  });

  it('offers to link an unknown contact to a customer or create one', async () => {
    renderInbox(conversation({ customerId: null, name: '+14155550123' }));

    expect(await screen.findByText('Unknown contact')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Link to a customer' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Create customer' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Open ticket' })).not.toBeInTheDocument();
  });
});
