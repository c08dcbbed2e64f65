import { beforeEach, describe, expect, it } from 'vitest';
import { initialComposeValues, type ComposeValues } from './composePayload';
import { clearDraft, DRAFT_KEY, DRAFT_MAX_AGE_MS, hasDraftContent, loadDraft, parseDraft, saveDraft } from './composeDraft';

const halfFilled: ComposeValues = {
  ...initialComposeValues,
  audienceMode: 'groups',
  groupIds: [3, 5],
  templateId: 12,
  variables: { '1': '{{customer.name}}', '2': '' },
};

describe('the Compose draft', () => {
  beforeEach(() => sessionStorage.clear());

  it('is kept when something was chosen or typed, and comes back as it was', () => {
    saveDraft(sessionStorage, halfFilled, 1_000);
    expect(loadDraft(sessionStorage, 2_000)).toEqual(halfFilled);
  });

  it('is no draft when the form is untouched, and saving one then forgets the old', () => {
    expect(hasDraftContent(initialComposeValues)).toBe(false);
    expect(hasDraftContent({ ...initialComposeValues, variables: { '1': '  ' } })).toBe(false);
    expect(hasDraftContent({ ...initialComposeValues, name: 'May bills' })).toBe(true);
    saveDraft(sessionStorage, halfFilled, 1_000);
    saveDraft(sessionStorage, initialComposeValues, 2_000);
    expect(sessionStorage.getItem(DRAFT_KEY)).toBeNull();
  });

  it('is dropped when too old, malformed or of another shape', () => {
    saveDraft(sessionStorage, halfFilled, 1_000);
    expect(loadDraft(sessionStorage, 1_000 + DRAFT_MAX_AGE_MS + 1)).toBeNull();
    expect(sessionStorage.getItem(DRAFT_KEY)).toBeNull();

    expect(parseDraft('{not json', 0)).toBeNull();
    expect(parseDraft(JSON.stringify({ version: 2, savedAt: 0, values: halfFilled }), 0)).toBeNull();
    expect(parseDraft(JSON.stringify({ version: 1, savedAt: 0, values: { ...halfFilled, groupIds: ['3'] } }), 0)).toBeNull();
    expect(parseDraft(JSON.stringify({ version: 1, savedAt: 0, values: { ...halfFilled, audienceMode: 'everyone' } }), 0)).toBeNull();
    expect(parseDraft(JSON.stringify({ version: 1, savedAt: 0, values: { ...halfFilled, variables: { '1': 5 } } }), 0)).toBeNull();
    expect(parseDraft(JSON.stringify({ version: 1, savedAt: 0, values: halfFilled }), 0)).toEqual(halfFilled);
  });

  it('is gone once discarded or sent', () => {
    saveDraft(sessionStorage, halfFilled, 1_000);
    clearDraft(sessionStorage);
    expect(loadDraft(sessionStorage, 2_000)).toBeNull();
  });
});
