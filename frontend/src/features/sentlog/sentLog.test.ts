import { describe, expect, it } from 'vitest';
import type { MessageDto } from '../../api/client';
import { exportUrl, parsePaging, parseSentLogFilters, withCursor, withFilter, withPageSize } from './sentLog';
import { EMPTY_FILTERS, hasInFlight, providerLabel, sourceLabel, toMessageQuery } from '../../lib/messages';

describe('parseSentLogFilters', () => {
  it('reads every filter under the list API’s names', () => {
    const filters = parseSentLogFilters(
      new URLSearchParams('status=Failed&broadcastId=4&templateId=3&providerId=2&customerId=7&eventType=invoice.created&from=2025-05-01&to=2025-05-31&errorCode=63003&q=ana'),
    );
    expect(filters).toEqual({
      status: 'Failed',
      broadcastId: 4,
      templateId: 3,
      providerId: 2,
      customerId: 7,
      eventType: 'invoice.created',
      from: '2025-05-01',
      to: '2025-05-31',
      errorCode: '63003',
      q: 'ana',
    });
  });

  it('takes a half-typed year for no day', () => {
    expect(parseSentLogFilters(new URLSearchParams('from=0002-05-01&to=2025-02-30')).from).toBeNull();
    expect(parseSentLogFilters(new URLSearchParams('from=2025-05-01')).from).toBe('2025-05-01');
  });

  it('ignores what it does not understand', () => {
    expect(parseSentLogFilters(new URLSearchParams('status=Lost&templateId=x&customerId=-1&from=yesterday&q=%20%20'))).toEqual(EMPTY_FILTERS);
  });
});

describe('paging in the address', () => {
  it('keeps a known page size and drops the cursor when a filter or the size changes', () => {
    const params = new URLSearchParams('status=Sent&cursor=120&limit=25');
    expect(parsePaging(params)).toEqual({ cursor: '120', limit: 25 });
    expect(parsePaging(new URLSearchParams('limit=7')).limit).toBe(50);

    const filtered = withFilter(params, 'q', ' +1415 ');
    expect(filtered.get('q')).toBe('+1415');
    expect(filtered.get('cursor')).toBeNull();
    expect(filtered.get('limit')).toBe('25');
    expect(withFilter(params, 'status', null).has('status')).toBe(false);

    expect(withPageSize(params, 100).toString()).toBe('status=Sent&limit=100');
    expect(withPageSize(params, 50).toString()).toBe('status=Sent');
    expect(withCursor(new URLSearchParams('status=Sent'), '99').toString()).toBe('status=Sent&cursor=99');
  });
});

describe('toMessageQuery and exportUrl', () => {
  it('turns the days into instants, the last day included', () => {
    const query = toMessageQuery({ ...EMPTY_FILTERS, from: '2025-05-01', to: '2025-05-31' });
    expect(query.from).toBe(new Date(2025, 4, 1).toISOString());
    expect(query.to).toBe(new Date(2025, 5, 1).toISOString());
  });

  it('carries the filters, and nothing else, to the export', () => {
    const query = toMessageQuery({ ...EMPTY_FILTERS, status: 'Failed', templateId: 3, customerId: 7, q: 'ana souza' });
    expect(exportUrl(query)).toBe('/api/whatsapp/messages/export?status=Failed&templateId=3&customerId=7&q=ana+souza');
    expect(exportUrl(EMPTY_FILTERS)).toBe('/api/whatsapp/messages/export');
  });
});

describe('labels', () => {
  const message = (overrides: Partial<MessageDto>): MessageDto => ({ id: 1, status: 'Delivered', source: 'Manual', ...overrides });

  it('names the source with its broadcast or event', () => {
    expect(sourceLabel(message({ source: 'Broadcast', broadcastId: 12 }))).toBe('Broadcast #12');
    expect(sourceLabel(message({ source: 'Automation', eventType: 'invoice.created' }))).toBe('Automation · invoice.created');
    expect(sourceLabel(message({ source: 'Test' }))).toBe('Test');
  });

  it('names providers by type', () => {
    expect(providerLabel('twilio')).toBe('Twilio');
    expect(providerLabel('acme')).toBe('Acme');
    expect(providerLabel(null)).toBe('');
  });

  it('knows when messages are still on their way', () => {
    expect(hasInFlight([message({ status: 'Delivered' }), message({ status: 'Sent' })])).toBe(true);
    expect(hasInFlight([message({ status: 'Delivered' }), message({ status: 'Failed' })])).toBe(false);
  });
});
