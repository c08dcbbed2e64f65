// Compose keeps what was typed when one leaves the page (another page, a reload) and offers it back on return.
// The tab's sessionStorage holds it: another tab, or whoever signs in after closing it, starts afresh.
import { initialComposeValues, type AudienceMode, type ComposeValues, type SendWhen } from './composePayload';

export const DRAFT_KEY = 'whatsapp.compose.draft';
/** A draft older than this is dropped rather than offered: what it was for has likely passed. */
export const DRAFT_MAX_AGE_MS = 24 * 60 * 60_000;

type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

interface StoredDraft {
  version: 1;
  savedAt: number;
  values: ComposeValues;
}

/** Whether anything was chosen or typed: an untouched form is no draft. */
export function hasDraftContent(values: ComposeValues): boolean {
  return (
    values.audienceMode !== initialComposeValues.audienceMode ||
    values.groupIds.length > 0 ||
    values.customerIds.length > 0 ||
    values.plan.trim() !== '' ||
    values.language.trim() !== '' ||
    values.templateId !== null ||
    Object.values(values.variables).some((v) => v.trim() !== '') ||
    values.when !== initialComposeValues.when ||
    values.name.trim() !== ''
  );
}

const isIds = (v: unknown): v is number[] => Array.isArray(v) && v.every((n) => Number.isInteger(n));
const isText = (v: unknown): v is string => typeof v === 'string';
const AUDIENCE_MODES: AudienceMode[] = ['all', 'groups', 'customers'];
const WHENS: SendWhen[] = ['now', 'schedule'];

/** The stored values, checked field by field: anything else (an old shape, a hand-edited entry) is no draft. */
export function parseDraft(text: string | null, now: number): ComposeValues | null {
  if (!text) return null;
  let stored: Partial<StoredDraft>;
  try {
    stored = JSON.parse(text) as Partial<StoredDraft>;
  } catch {
    return null;
  }
  const v = stored?.values as Partial<ComposeValues> | undefined;
  if (stored?.version !== 1 || typeof stored.savedAt !== 'number' || now - stored.savedAt > DRAFT_MAX_AGE_MS || !v) return null;
  const variables = v.variables;
  const valid =
    AUDIENCE_MODES.includes(v.audienceMode as AudienceMode) &&
    isIds(v.groupIds) &&
    isIds(v.customerIds) &&
    isText(v.plan) &&
    isText(v.language) &&
    (v.templateId === null || Number.isInteger(v.templateId)) &&
    typeof variables === 'object' && variables !== null && !Array.isArray(variables) && Object.values(variables).every(isText) &&
    WHENS.includes(v.when as SendWhen) &&
    isText(v.scheduledAt) &&
    isText(v.name);
  return valid ? (v as ComposeValues) : null;
}

export function loadDraft(storage: DraftStorage, now = Date.now()): ComposeValues | null {
  const values = parseDraft(storage.getItem(DRAFT_KEY), now);
  if (values === null) storage.removeItem(DRAFT_KEY);
  return values;
}

/** Keeps the values as the draft, or forgets the draft when there is nothing in them. */
export function saveDraft(storage: DraftStorage, values: ComposeValues, now = Date.now()) {
  if (!hasDraftContent(values)) {
    storage.removeItem(DRAFT_KEY);
    return;
  }
  const stored: StoredDraft = { version: 1, savedAt: now, values };
  try {
    storage.setItem(DRAFT_KEY, JSON.stringify(stored));
  } catch {
    // Storage full or refused (private mode): the page works on, without a draft.
  }
}

export function clearDraft(storage: DraftStorage) {
  storage.removeItem(DRAFT_KEY);
}
