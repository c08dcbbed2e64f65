import { describe, expect, it } from 'vitest';
import { whyNoFreeText, windowCountdown } from './serviceWindow';

const now = Date.parse('2026-12-02T08:00:00Z');

describe('windowCountdown', () => {
  it('counts hours and minutes while the window is open', () => {
    expect(windowCountdown('2026-12-03T07:05:00Z', now)).toBe('23 h 05 min left');
    expect(windowCountdown('2026-12-02T08:00:30Z', now)).toBe('1 min left');
  });

  it('is null once the window has closed or never opened', () => {
    expect(windowCountdown('2026-12-02T07:59:00Z', now)).toBeNull();
    expect(windowCountdown(null, now)).toBeNull();
  });
});

describe('whyNoFreeText', () => {
  it('says nothing while the window is open and why otherwise', () => {
    expect(whyNoFreeText({ windowOpen: true, windowClosesAt: '2026-12-02T09:00:00Z' }, now)).toBeNull();
    expect(whyNoFreeText({ windowOpen: false, windowClosesAt: '2026-12-01T09:00:00Z' }, now)).toMatch(/window has closed/);
    expect(whyNoFreeText({ windowOpen: false, windowClosesAt: null }, now)).toMatch(/not written yet/);
  });
});
