import { describe, expect, it } from 'vitest';
import { componentParameters, HEADER_MEDIA, HEADER_TEXT, headerPreview, unfillableReason } from './templateParts';

describe('componentParameters', () => {
  it('lists a text header variable, then each dynamic URL suffix and copy code by button index', () => {
    const parts = componentParameters({ format: 'Text', text: 'Bill {{1}}' }, [
      { type: 'QuickReply', text: 'Agent' },
      { type: 'Url', text: 'Pay', url: 'https://pay.example.com/{{1}}' },
      { type: 'Url', text: 'Help', url: 'https://example.com/help' },
      { type: 'CopyCode', text: 'Copy' },
      { type: 'CopyCode', text: 'Fixed', code: 'SAVE10' },
    ]);
    expect(parts.map((p) => p.key)).toEqual([HEADER_TEXT, 'button:1', 'button:3']);
  });

  it('asks a media header for its link unless the URL is fixed', () => {
    expect(componentParameters({ format: 'Document' }, []).map((p) => p.key)).toEqual([HEADER_MEDIA]);
    expect(componentParameters({ format: 'Image', mediaUrl: 'https://cdn.example.com/{{2}}' }, []).map((p) => p.label)).toEqual(['Header image URL part']);
    expect(componentParameters({ format: 'Image', mediaUrl: 'https://cdn.example.com/logo.png' }, [])).toEqual([]);
  });
});

describe('unfillableReason', () => {
  it('names a location header and a one-time-password button', () => {
    expect(unfillableReason({ format: 'Location' }, [])).toMatch(/location header/);
    expect(unfillableReason(null, [{ type: 'Otp', text: 'Copy' }])).toMatch(/One-time-password/);
    expect(unfillableReason({ format: 'Document' }, [{ type: 'QuickReply', text: 'Hi' }])).toBeNull();
  });
});

describe('headerPreview', () => {
  it('fills a text header and names a document after its file name or link', () => {
    expect(headerPreview({ format: 'Text', text: 'Bill {{1}}' }, { [HEADER_TEXT]: 'B-7' })).toEqual({ kind: 'text', text: 'Bill B-7' });
    expect(headerPreview({ format: 'Document', fileName: 'bill.pdf' }, {})).toEqual({ kind: 'document', fileName: 'bill.pdf', url: null });
    expect(headerPreview({ format: 'Document' }, { [HEADER_MEDIA]: 'https://x.example/media/b-7.pdf?sig=1' }))
      .toEqual({ kind: 'document', fileName: 'b-7.pdf', url: 'https://x.example/media/b-7.pdf?sig=1' });
  });

  it('fills a media URL pattern with the value of its variable', () => {
    expect(headerPreview({ format: 'Image', mediaUrl: 'https://cdn.example.com/{{2}}' }, { [HEADER_MEDIA]: 'a.png' }))
      .toEqual({ kind: 'media', format: 'Image', url: 'https://cdn.example.com/a.png' });
  });
});
