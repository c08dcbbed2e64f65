/*
 * A template's header and buttons: which of their parts a message fills, and what the phone shows.
 * Mirrors backend/Features/Templates/TemplateComponents.cs (TemplateParts), which stays the authority.
 */
import type { ButtonType, HeaderFormat, TemplateButton, TemplateHeader } from '../api/client';
import { placeholders, renderPreview } from './templateText';

export const HEADER_TEXT = 'header:text';
export const HEADER_MEDIA = 'header:media';
export const buttonKey = (index: number) => `button:${index}`;

/** Body placeholders are plain keys; every other part's key has a colon (a dot would read as a nested form path). */
export const isBodyKey = (key: string) => !key.includes(':');

export const MEDIA_FORMATS: HeaderFormat[] = ['Image', 'Video', 'Document'];

export interface ComponentParameter {
  key: string;
  label: string;
}

/**
 * The header's and buttons' parts a message fills, in WhatsApp's order: a text header's variable, a media header's
 * link (or its URL's variable), a URL button's dynamic suffix, a copy-code button's code.
 */
export function componentParameters(header: TemplateHeader | null | undefined, buttons: readonly TemplateButton[] | null | undefined): ComponentParameter[] {
  const parts: ComponentParameter[] = [];
  if (header?.format === 'Text' && placeholders(header.text ?? '').length > 0) {
    parts.push({ key: HEADER_TEXT, label: 'Header text' });
  } else if (header?.format && MEDIA_FORMATS.includes(header.format)) {
    const url = header.mediaUrl?.trim() || null;
    const variable = url !== null && placeholders(url).length > 0;
    if (url === null || variable) parts.push({ key: HEADER_MEDIA, label: `Header ${header.format.toLowerCase()} ${variable ? 'URL part' : 'URL'}` });
  }
  (buttons ?? []).forEach((b, i) => {
    if (b.type === 'Url' && placeholders(b.url ?? '').length > 0) parts.push({ key: buttonKey(i), label: `Button '${b.text ?? ''}' URL suffix` });
    else if (b.type === 'CopyCode' && (!b.code?.trim() || placeholders(b.code).length > 0)) parts.push({ key: buttonKey(i), label: `Button '${b.text ?? ''}' code` });
  });
  return parts;
}

/** Why the app can't send a template with these parts (a location header, a one-time-password button); null when it can. */
export function unfillableReason(header: TemplateHeader | null | undefined, buttons: readonly TemplateButton[] | null | undefined): string | null {
  if (header?.format === 'Location') return 'A location header can’t be filled by this app: the template won’t be sendable.';
  if ((buttons ?? []).some((b) => b.type === 'Otp')) return 'One-time-password buttons (authentication templates) aren’t sent by this app: the template won’t be sendable.';
  return null;
}

export type HeaderPreview =
  | { kind: 'none' }
  | { kind: 'text'; text: string }
  | { kind: 'media'; format: 'Image' | 'Video'; url: string | null }
  | { kind: 'document'; fileName: string; url: string | null }
  | { kind: 'location' };

/** What the phone shows above the body, with the message's values (or samples) filled in. */
export function headerPreview(header: TemplateHeader | null | undefined, values: Readonly<Record<string, string | null | undefined>>): HeaderPreview {
  if (!header?.format || header.format === 'None') return { kind: 'none' };
  if (header.format === 'Text') {
    const text = header.text ?? '';
    const key = placeholders(text)[0];
    return { kind: 'text', text: key === undefined ? text : renderPreview(text, { [key]: values[HEADER_TEXT] }) };
  }
  if (header.format === 'Location') return { kind: 'location' };
  const pattern = header.mediaUrl?.trim() || null;
  const value = values[HEADER_MEDIA]?.trim() || null;
  const variable: string | undefined = pattern === null ? undefined : placeholders(pattern)[0];
  let url: string | null = value;
  if (pattern !== null) url = variable === undefined ? pattern : value === null ? null : renderPreview(pattern, { [variable]: value });
  if (header.format === 'Document') {
    const fromUrl = url?.split(/[?#]/)[0].split('/').pop() || '';
    return { kind: 'document', fileName: header.fileName?.trim() || fromUrl || 'Document', url };
  }
  return { kind: 'media', format: header.format as 'Image' | 'Video', url };
}

export const BUTTON_TYPE_LABELS: Record<ButtonType, string> = {
  QuickReply: 'Quick reply',
  Url: 'Visit website',
  PhoneNumber: 'Call phone number',
  CopyCode: 'Copy code',
  Otp: 'One-time password',
};
