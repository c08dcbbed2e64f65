import type { TicketStatus } from '../../api/client';
/** "$20.00" in the user's locale; the code and the number when the currency is not one Intl knows. */
export function formatMoney(amount: number | null | undefined, currency: string | null | undefined): string {
  if (amount == null) return '';
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency: currency || 'USD' }).format(amount);
  } catch {
    return `${currency ?? ''} ${amount}`.trim();
  }
}

/** A calendar day (yyyy-mm-dd) as the user's locale writes it, read as that day wherever the user is. */
export function formatDay(day: string | null | undefined): string {
  if (!day) return '';
  const date = new Date(`${day.slice(0, 10)}T00:00:00`);
  return Number.isNaN(date.getTime()) ? day : date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

const pad = (n: number) => String(n).padStart(2, '0');

/** yyyy-mm-dd of a local date, `addDays` later: what a date input holds. */
export function dayInput(from: Date = new Date(), addDays = 0): string {
  const date = new Date(from);
  date.setDate(date.getDate() + addDays);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** yyyy-mm-ddThh:mm of a local time: what a datetime-local input holds. */
export function dateTimeInput(date: Date): string {
  return `${dayInput(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A datetime-local input's value as an instant (ISO, UTC); null when empty or unreadable. */
export function fromDateTimeInput(value: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** The same local time one month later (renewals). */
export function addMonths(date: Date, months: number): Date {
  const next = new Date(date);
  next.setMonth(next.getMonth() + months);
  return next;
}

/** A NumberInput's value as a number, or null when empty. */
export function numberOrNull(value: number | string): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : null;
}

/** Whole days from today (local) to a day (yyyy-mm-dd): negative when it is past. */
export function daysUntil(day: string, today: Date = new Date()): number {
  const target = new Date(`${day.slice(0, 10)}T00:00:00`);
  const start = new Date(today.getFullYear(), today.getMonth(), today.getDate());
  return Math.round((target.getTime() - start.getTime()) / 86_400_000);
}

export const TICKET_STATUSES: { value: TicketStatus; label: string }[] = [
  { value: 'Open', label: 'Open' },
  { value: 'InProgress', label: 'In progress' },
  { value: 'Resolved', label: 'Resolved' },
  { value: 'Closed', label: 'Closed' },
];
