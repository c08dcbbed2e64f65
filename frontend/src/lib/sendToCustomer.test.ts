import { describe, expect, it } from 'vitest';
import { makeTemplate } from '../test/builders';
import { formPathForCustomerSendField, previewForCustomer, validateSendToCustomer, whyNotReceivable } from './sendToCustomer';

const template = makeTemplate({
  id: 7,
  body: 'Hi {{1}}, your bill {{2}} is due',
  variables: [
    { key: '1', label: 'Name', sample: 'Ana' },
    { key: '2', label: 'Bill', sample: 'B-1' },
  ],
});
const counts = (recipients: number, skipped: Partial<Record<'notOptedIn' | 'invalidPhone' | 'duplicate' | 'missingValue', number>> = {}) => ({
  audience: 1,
  recipients,
  skipped: 1 - recipients,
  skippedBreakdown: { notOptedIn: 0, invalidPhone: 0, duplicate: 0, missingValue: 0, ...skipped },
});

describe('sending to one customer', () => {
  it('asks for a template, then a value for every variable', () => {
    expect(validateSendToCustomer({ templateId: null, variables: {} }, undefined)).toEqual({ templateId: 'Choose a template.' });
    expect(validateSendToCustomer({ templateId: 7, variables: { '1': '{{customer.name}}', '2': '  ' } }, template)).toEqual({
      'variables.2': 'Give Bill a value: fixed text or a customer field.',
    });
    expect(validateSendToCustomer({ templateId: 7, variables: { '1': '{{customer.name}}', '2': 'B-9' } }, template)).toEqual({});
  });

  it('previews for this customer alone, variables trimmed and in the template’s order', () => {
    expect(previewForCustomer(42, template, { templateId: 7, variables: { '2': ' B-9 ', '1': '{{customer.firstName}}' } })).toEqual({
      templateId: 7,
      audience: { all: false, groupIds: [], customerIds: [42], filter: null },
      variables: { '1': '{{customer.firstName}}', '2': 'B-9' },
      sampleCustomerId: 42,
    });
  });

  it('says why the customer would get nothing, and nothing when they would', () => {
    const ana = { name: 'Ana Souza' };
    expect(whyNotReceivable(ana, counts(1), null)).toBeNull();
    expect(whyNotReceivable(ana, undefined, null)).toBeNull();
    expect(whyNotReceivable(ana, counts(0, { notOptedIn: 1 }), null)).toBe('Ana Souza has not opted in to WhatsApp messages.');
    expect(whyNotReceivable(ana, counts(0, { invalidPhone: 1 }), null)).toMatch(/phone number cannot receive/);
    expect(whyNotReceivable(ana, counts(0, { missingValue: 1 }), { missing: ['2'] })).toBe(
      'Ana Souza has no value for a customer field in variable 2: type fixed text instead.',
    );
  });

  it('puts the preview’s and the send’s refusals on the variable’s input', () => {
    const keys = ['1', '2'];
    expect(formPathForCustomerSendField('variables.2', keys)).toBe('variables.2');
    expect(formPathForCustomerSendField('parameters.1', keys)).toBe('variables.1');
    expect(formPathForCustomerSendField('parameters.9', keys)).toBeUndefined();
    expect(formPathForCustomerSendField('templateId', keys)).toBe('templateId');
    expect(formPathForCustomerSendField('to', keys)).toBeUndefined();
  });
});
