import { describe, expect, it } from 'vitest';
import type { AutomationDto } from '../../api/client';
import { buildAutomationPayload, describeOffset, formPathForAutomationField, groupFields, initialAutomationValues, parseOffsets, variablesForTemplate } from './automationForm';
import { makeTemplate } from '../../test/builders';

const reminder: AutomationDto = { eventType: 'bill.reminder', label: 'Payment reminder', scheduled: true, offsetsDays: [3, 1, 0] };
const payment: AutomationDto = { eventType: 'payment.received', label: 'Payment confirmation', scheduled: false, offsetsDays: null };
const template = makeTemplate({ id: 4, name: 'paid', variables: [{ key: '1' }, { key: '2' }] });

describe('parseOffsets', () => {
  it('reads whole days separated by commas or spaces, negative ones included, in the order typed', () => {
    expect(parseOffsets('3, 1, 0, -2')).toEqual({ days: [3, 1, 0, -2] });
    expect(parseOffsets(' 7 3,,-1 ')).toEqual({ days: [7, 3, -1] });
  });

  it('takes a typographic minus and drops repeats', () => {
    expect(parseOffsets('1, \u22122, 1')).toEqual({ days: [1, -2] });
  });

  it('is empty for empty text', () => {
    expect(parseOffsets('   ')).toEqual({ days: [] });
  });

  it('names what is not a whole number', () => {
    expect(parseOffsets('3, 1.5').error).toBe('“1.5” is not a whole number of days.');
    expect(parseOffsets('three').error).toBe('“three” is not a whole number of days.');
  });
});

describe('describeOffset', () => {
  it('says before, on the day and after', () => {
    expect([3, 1, 0, -1, -2].map(describeOffset)).toEqual(['3 days before', '1 day before', 'on the day', '1 day after', '2 days after']);
  });
});

describe('buildAutomationPayload', () => {
  it('sends the template, its variables and, for a scheduled type, the parsed days', () => {
    const values = { enabled: true, templateId: '4', variables: { '1': '{{customer.name}}', '2': 'x', '3': 'stale' }, offsets: '3, 0, -2' };
    expect(buildAutomationPayload(values, reminder, template)).toEqual({
      enabled: true,
      templateId: 4,
      variables: { '1': '{{customer.name}}', '2': 'x' },
      offsetsDays: [3, 0, -2],
    });
  });

  it('sends no days for an event type that is not scheduled, and no variables without a template', () => {
    const values = { enabled: false, templateId: null, variables: { '1': 'a' }, offsets: '' };
    expect(buildAutomationPayload(values, payment, undefined)).toEqual({ enabled: false, templateId: null, variables: {}, offsetsDays: null });
  });
});

describe('initialAutomationValues', () => {
  it('shows the saved days as text and the template id as a select value', () => {
    expect(initialAutomationValues({ ...reminder, enabled: true, templateId: 4, variables: { '1': 'a' } })).toEqual({
      enabled: true,
      templateId: '4',
      variables: { '1': 'a' },
      offsets: '3, 1, 0',
    });
  });
});

describe('formPathForAutomationField', () => {
  it('puts each server key on its input, and unknown ones in the alert', () => {
    const keys = ['1', '2'];
    expect(formPathForAutomationField('templateId', keys)).toBe('templateId');
    expect(formPathForAutomationField('variables.2', keys)).toBe('variables.2');
    expect(formPathForAutomationField('offsetsDays', keys)).toBe('offsets');
    expect(formPathForAutomationField('variables.9', keys)).toBeUndefined();
    expect(formPathForAutomationField('eventType', keys)).toBeUndefined();
  });
});

describe('variablesForTemplate', () => {
  it('has one entry per variable of the new template, keeping shared keys', () => {
    expect(variablesForTemplate(template, { '1': 'kept', '5': 'dropped' })).toEqual({ '1': 'kept', '2': '' });
  });
});

describe('groupFields', () => {
  it('puts the customer’s fields first and the event’s after', () => {
    const groups = groupFields([
      { expression: '{{customer.name}}', label: 'Full name' },
      { expression: '{{payment.amount}}', label: 'Amount paid' },
      { expression: '{{portal.url}}', label: 'Client portal link' },
    ]);
    expect(groups.map((g) => [g.label, g.fields.map((f) => f.expression)])).toEqual([
      ['Customer', ['{{customer.name}}']],
      ['This event', ['{{payment.amount}}', '{{portal.url}}']],
    ]);
  });
});
