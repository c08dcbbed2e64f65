import { describe, expect, it } from 'vitest';
import { nextSetupStep, setupStatus } from './setupStatus';
import { makeProviderSummary, makeTemplate } from '../../test/builders';

const twilio = makeProviderSummary();
const spare = makeProviderSummary({ id: 2, name: 'Spare', providerType: 'meta', isActive: false });
const approved = (sendable: boolean) => makeTemplate({ id: 3, sendable });

describe('setup status', () => {
  it('asks for a provider first, then for an active one', () => {
    expect(nextSetupStep(setupStatus([], []))).toBe('add-provider');
    expect(nextSetupStep(setupStatus([spare], [approved(false)]))).toBe('activate-provider');
  });

  it('asks for templates once a provider is active, until one is bound to it', () => {
    expect(nextSetupStep(setupStatus([twilio, spare], []))).toBe('sync-templates');
    expect(nextSetupStep(setupStatus([twilio], [approved(false)]))).toBe('sync-templates');
    expect(nextSetupStep(setupStatus([twilio], [approved(false), approved(true)]))).toBeNull();
  });

  it('counts the approved and the sendable templates, ignoring any other status', () => {
    const status = setupStatus([spare, twilio], [approved(true), approved(false), { ...approved(true), status: 'PENDING' }]);
    expect(status).toEqual({ activeProvider: twilio, providerCount: 2, sendableCount: 1, approvedCount: 2 });
  });
});
