import { describe, expect, it } from 'vitest';
import { audienceSummary, buildAudience, buildCreateRequest, formPathForBroadcastField, initialComposeValues, localInputToUtcIso, readyToPreview, toLocalInputValue, validateCompose, type ComposeValues } from './composePayload';
import { insertAt } from '../../lib/templateText';
import { makeTemplate } from '../../test/builders';

const values = (overrides: Partial<ComposeValues>): ComposeValues => ({ ...initialComposeValues, ...overrides });

const template = makeTemplate({
  id: 3,
  variables: [
    { key: '1', label: 'Customer name' },
    { key: '2', label: '2' },
  ],
});

describe('buildAudience', () => {
  it('sends only the list of the chosen mode, and the filter only when something is typed', () => {
    const chosen = { groupIds: [1, 2], customerIds: [7] };
    expect(buildAudience(values({ ...chosen, audienceMode: 'all' }))).toEqual({ all: true, groupIds: [], customerIds: [], filter: null });
    expect(buildAudience(values({ ...chosen, audienceMode: 'groups', plan: ' Fibre 500 ' }))).toEqual({
      all: false,
      groupIds: [1, 2],
      customerIds: [],
      filter: { plan: 'Fibre 500', language: null },
    });
    expect(buildAudience(values({ ...chosen, audienceMode: 'customers', language: 'pt_BR', plan: '  ' }))).toEqual({
      all: false,
      groupIds: [],
      customerIds: [7],
      filter: { plan: null, language: 'pt_BR' },
    });
  });
});

describe('buildCreateRequest', () => {
  it('sends the template variables trimmed, a schedule as a UTC instant, and no empty name', () => {
    const request = buildCreateRequest(
      values({
        templateId: 3,
        variables: { '1': ' {{customer.firstName}} ', '2': '$20', stale: 'from another template' },
        when: 'schedule',
        scheduledAt: '2030-01-31T09:30',
        name: '  ',
      }),
      ['1', '2'],
    );
    expect(request).toEqual({
      templateId: 3,
      audience: { all: true, groupIds: [], customerIds: [], filter: null },
      variables: { '1': '{{customer.firstName}}', '2': '$20' },
      scheduledAt: new Date(2030, 0, 31, 9, 30).toISOString(),
      name: null,
    });
  });

  it('sends no time when sending now, whatever the picker still holds', () => {
    const request = buildCreateRequest(values({ templateId: 3, when: 'now', scheduledAt: '2030-01-31T09:30', name: ' May bills ' }), []);
    expect(request.scheduledAt).toBeNull();
    expect(request.name).toBe('May bills');
  });
});

describe('local times', () => {
  it('turns a datetime-local value into UTC and back', () => {
    const local = new Date(2030, 5, 1, 8, 5);
    expect(toLocalInputValue(local)).toBe('2030-06-01T08:05');
    expect(localInputToUtcIso('2030-06-01T08:05')).toBe(local.toISOString());
    expect(localInputToUtcIso('')).toBeNull();
    expect(localInputToUtcIso('tomorrow')).toBeNull();
  });
});

describe('readyToPreview and validateCompose', () => {
  const complete = values({ audienceMode: 'groups', groupIds: [1], templateId: 3, variables: { '1': '{{customer.name}}', '2': '$20' } });

  it('previews only once audience, template and every variable are given', () => {
    expect(readyToPreview(complete, ['1', '2'])).toBe(true);
    expect(readyToPreview({ ...complete, groupIds: [] }, ['1', '2'])).toBe(false);
    expect(readyToPreview({ ...complete, templateId: null }, ['1', '2'])).toBe(false);
    expect(readyToPreview({ ...complete, variables: { '1': 'x', '2': ' ' } }, ['1', '2'])).toBe(false);
  });

  it('names every missing choice on its input', () => {
    const now = new Date(2030, 0, 1, 12, 0);
    expect(validateCompose(complete, template, now)).toEqual({});
    expect(
      validateCompose(
        values({ audienceMode: 'customers', templateId: 3, variables: { '1': '' }, when: 'schedule', scheduledAt: '2029-12-31T23:00' }),
        template,
        now,
      ),
    ).toEqual({
      customerIds: 'Choose at least one customer.',
      'variables.1': 'Give Customer name a value: fixed text or a customer field.',
      'variables.2': 'Give Variable {{2}} a value: fixed text or a customer field.',
      scheduledAt: 'Choose a time in the future, or send now.',
    });
    expect(validateCompose(values({ audienceMode: 'groups', when: 'schedule' }), null, now)).toEqual({
      groupIds: 'Choose at least one group.',
      templateId: 'Choose a template.',
      scheduledAt: 'Choose the date and time to send.',
    });
  });
});

describe('formPathForBroadcastField', () => {
  it('puts server errors on the inputs that show them', () => {
    const keys = ['1', 'customer_name'];
    expect(formPathForBroadcastField('templateId', keys)).toBe('templateId');
    expect(formPathForBroadcastField('audience', keys)).toBe('audienceMode');
    expect(formPathForBroadcastField('audience.groupIds', keys)).toBe('groupIds');
    expect(formPathForBroadcastField('audience.customerIds', keys)).toBe('customerIds');
    expect(formPathForBroadcastField('audience.filter.plan', keys)).toBe('plan');
    expect(formPathForBroadcastField('variables.1', keys)).toBe('variables.1');
    expect(formPathForBroadcastField('variables.customer_name', keys)).toBe('variables.customer_name');
    expect(formPathForBroadcastField('ScheduledAt', keys)).toBe('scheduledAt');
    // A variable the template does not have, or the sample customer: no input shows it, the alert does.
    expect(formPathForBroadcastField('variables.9', keys)).toBeUndefined();
    expect(formPathForBroadcastField('sampleCustomerId', keys)).toBeUndefined();
  });
});

describe('insertAt', () => {
  it('replaces the selection and puts the caret after the insert', () => {
    expect(insertAt('Dear , hi', 5, 5, '{{customer.name}}')).toEqual({ value: 'Dear {{customer.name}}, hi', caret: 22 });
    expect(insertAt('Dear XX', 5, 7, '{{customer.name}}')).toEqual({ value: 'Dear {{customer.name}}', caret: 22 });
    expect(insertAt('', 0, 0, '{{customer.plan}}')).toEqual({ value: '{{customer.plan}}', caret: 17 });
  });
});

describe('audienceSummary', () => {
  it('names groups, counts chosen customers and adds the filter', () => {
    const groups = [{ id: 1, name: 'Downtown' }, { id: 2, name: 'Fibre' }];
    expect(audienceSummary({ all: true }, groups)).toBe('All opted-in customers');
    expect(audienceSummary({ all: false, groupIds: [1, 2], customerIds: [5], filter: { plan: 'Fibre 500' } }, groups)).toBe(
      'Groups: Downtown, Fibre and 1 chosen customer, only plan Fibre 500',
    );
    expect(audienceSummary({ all: false, groupIds: [9] }, undefined)).toBe('Group: #9');
  });
});
