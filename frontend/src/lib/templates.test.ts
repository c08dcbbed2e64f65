import { describe, expect, it } from 'vitest';
import { makeTemplate } from '../test/builders';
import { standbyCoverage, standbyCoverageText } from './templates';

describe('standby coverage', () => {
  const bound = (...ids: number[]) => ids.map((providerId) => ({ providerId, externalId: `x${providerId}` }));
  const templates = [
    makeTemplate({ id: 1, sendable: true, bindings: bound(1, 2) }),
    makeTemplate({ id: 2, sendable: true, bindings: bound(1) }),
    makeTemplate({ id: 3, sendable: true, bindings: bound(1) }),
    makeTemplate({ id: 4, sendable: true, bindings: bound(1) }),
    // Not sendable now: failover would not send it either way.
    makeTemplate({ id: 5, sendable: false, bindings: bound(2) }),
  ];

  it('counts the sendable templates bound to the standby', () => {
    expect(standbyCoverage(templates, 2)).toEqual({ bound: 1, total: 4 });
    expect(standbyCoverage(templates, 3)).toEqual({ bound: 0, total: 4 });
    expect(standbyCoverage(templates, 1)).toEqual({ bound: 4, total: 4 });
  });

  it('says what failover will not send', () => {
    expect(standbyCoverageText({ bound: 0, total: 4 })).toBe('0 of 4 templates bound — failover won’t send these');
    expect(standbyCoverageText({ bound: 3, total: 4 })).toBe('3 of 4 templates bound — failover won’t send the other 1');
    expect(standbyCoverageText({ bound: 4, total: 4 })).toBe('4 of 4 templates bound');
  });
});
