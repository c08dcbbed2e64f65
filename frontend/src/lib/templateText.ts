/*
 * Placeholders in a template body: finding them, checking them, filling them for a preview.
 * Mirrors backend/Features/Templates/TemplateText.cs, which stays the authority: the checks here only give
 * early hints while typing; whatever the server says on save wins.
 */

export type PlaceholderFormat = 'Positional' | 'Named';

// A fresh regex per call: a shared /g regex carries lastIndex between calls.
const placeholderPattern = () => /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

const isNumeric = (key: string) => /^[0-9]+$/.test(key);

/** The distinct placeholder keys of a body ("1", "customer_name"), in order of first appearance. */
export function placeholders(body: string): string[] {
  const keys: string[] = [];
  for (const match of body.matchAll(placeholderPattern())) {
    if (!keys.includes(match[1])) keys.push(match[1]);
  }
  return keys;
}

export interface PlaceholderAnalysis {
  format: PlaceholderFormat;
  /** Numbered keys in numeric order, named keys in order of appearance. */
  keys: string[];
  /** Why the server will refuse the body, when it will. */
  error?: string;
}

/**
 * Whether the placeholders are all numbered ({{1}}..{{n}}, no gap) or all named (lowercase, digits, underscores),
 * with the same messages as the server.
 */
export function analyzePlaceholders(body: string): PlaceholderAnalysis {
  const keys = placeholders(body);
  const numeric = keys.filter(isNumeric);
  if (numeric.length > 0 && numeric.length !== keys.length) {
    return {
      format: 'Positional',
      keys,
      error: 'Use either numbered placeholders ({{1}}, {{2}}) or named ones ({{customer_name}}), not both.',
    };
  }
  if (numeric.length > 0) {
    const numbers = [...new Set(numeric.map(Number))].sort((a, b) => a - b);
    const ordered = numbers.map(String);
    const gap = numbers.findIndex((n, i) => n !== i + 1);
    return gap === -1
      ? { format: 'Positional', keys: ordered }
      : {
          format: 'Positional',
          keys: ordered,
          error: `Placeholders must be numbered from {{1}} without gaps: {{${gap + 1}}} is missing.`,
        };
  }
  const badName = keys.find((k) => !/^[a-z0-9_]+$/.test(k));
  return badName === undefined
    ? { format: 'Named', keys }
    : { format: 'Named', keys, error: `Named placeholders use lowercase letters, digits and underscores: '${badName}' does not.` };
}

export type PreviewSegment =
  | { kind: 'text'; text: string }
  /** A placeholder filled with its value. */
  | { kind: 'value'; key: string; text: string }
  /** A placeholder with no value yet: shown as typed, e.g. "{{2}}". */
  | { kind: 'missing'; key: string; text: string };

function valueOf(values: Readonly<Record<string, string | null | undefined>>, key: string): string | undefined {
  const value = Object.prototype.hasOwnProperty.call(values, key) ? values[key] : undefined;
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** The body cut into plain text and placeholders, each placeholder filled when it has a (non-blank) value. */
export function previewSegments(body: string, values: Readonly<Record<string, string | null | undefined>>): PreviewSegment[] {
  const segments: PreviewSegment[] = [];
  let last = 0;
  for (const match of body.matchAll(placeholderPattern())) {
    const start = match.index;
    if (start > last) segments.push({ kind: 'text', text: body.slice(last, start) });
    const key = match[1];
    const value = valueOf(values, key);
    segments.push(value === undefined ? { kind: 'missing', key, text: match[0] } : { kind: 'value', key, text: value });
    last = start + match[0].length;
  }
  if (last < body.length) segments.push({ kind: 'text', text: body.slice(last) });
  return segments;
}

/** The body with each placeholder replaced by its value; a placeholder without a value stays as it is. */
export function renderPreview(body: string, values: Readonly<Record<string, string | null | undefined>>): string {
  return previewSegments(body, values)
    .map((s) => s.text)
    .join('');
}

/** "customer_name" → "Customer name"; numbered keys get no guessed label. */
export function humanizeKey(key: string): string {
  if (isNumeric(key)) return '';
  const words = key.replace(/_+/g, ' ').trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : '';
}

/** `text` put in place of the selection [start, end) of `value`, and where the caret goes after it. */
export function insertAt(value: string, start: number, end: number, text: string): { value: string; caret: number } {
  const from = Math.max(0, Math.min(start, value.length));
  const to = Math.max(from, Math.min(end, value.length));
  return { value: value.slice(0, from) + text + value.slice(to), caret: from + text.length };
}
