import { describe, expect, it } from 'vitest';
import type { ProviderSummaryDto } from '../../api/client';
import { bindingRows, buildTemplatePayload, deriveVariables, emptyButton, formComponentParameters, formPathForSendField, formPathForTemplateField, initialTemplateFormValues, syncSummary, templateStatusColor, type TemplateFormValues } from './templatePayload';
import { buildSendParameters, sampleValues, variableLabel } from '../../lib/templates';
import { isFinalMessageStatus } from '../../lib/messages';
import { makeTemplate } from '../../test/builders';

const template = makeTemplate({
  id: 4,
  bindings: [{ providerId: 2, externalId: 'HXabc', providerName: 'Main Twilio', providerType: 'twilio' }],
});

const providers: ProviderSummaryDto[] = [
  { id: 1, name: 'Meta backup', providerType: 'meta', isActive: false },
  { id: 2, name: 'Main Twilio', providerType: 'twilio', isActive: true },
];

describe('deriveVariables', () => {
  it('makes one row per placeholder, keeping what was typed for keys that stay', () => {
    const current = [{ key: '1', label: 'Customer name', sample: 'Ana' }];
    expect(deriveVariables('Hi {{1}}, {{2}}', current)).toEqual([
      { key: '1', label: 'Customer name', sample: 'Ana' },
      { key: '2', label: '', sample: '' },
    ]);
  });

  it('drops rows whose placeholder is gone, and restores remembered ones when it comes back', () => {
    const rows = [
      { key: 'name', label: 'Name', sample: 'Ana' },
      { key: 'amount', label: 'Amount', sample: '$5' },
    ];
    expect(deriveVariables('Hi {{name}}', rows)).toEqual([rows[0]]);
    expect(deriveVariables('Hi {{name}} {{amount}}', [rows[0]], { amount: rows[1] })).toEqual(rows);
  });

  it('guesses a label for named placeholders and orders numbered ones numerically', () => {
    expect(deriveVariables('{{due_date}}', [])).toEqual([{ key: 'due_date', label: 'Due date', sample: '' }]);
    expect(deriveVariables('{{2}} {{1}}', []).map((r) => r.key)).toEqual(['1', '2']);
  });
});

describe('bindingRows', () => {
  it('lists every provider, the active one first, with the stored id where there is one', () => {
    expect(bindingRows(template.bindings, providers)).toEqual([
      { providerId: 2, providerName: 'Main Twilio', providerType: 'twilio', isActive: true, externalId: 'HXabc' },
      { providerId: 1, providerName: 'Meta backup', providerType: 'meta', isActive: false, externalId: '' },
    ]);
  });

  it('falls back to the existing bindings when the providers are not known (staff)', () => {
    expect(bindingRows(template.bindings, undefined)).toEqual([
      { providerId: 2, providerName: 'Main Twilio', providerType: 'twilio', isActive: false, externalId: 'HXabc' },
    ]);
    expect(bindingRows(undefined, undefined)).toEqual([]);
  });
});

describe('initialTemplateFormValues', () => {
  it('starts a new template in en_US, UTILITY, APPROVED', () => {
    expect(initialTemplateFormValues(null, providers)).toMatchObject({
      name: '',
      language: 'en_US',
      category: 'UTILITY',
      status: 'APPROVED',
      body: '',
      variables: [],
    });
  });

  it('loads an existing template', () => {
    const values = initialTemplateFormValues(template, providers);
    expect(values.name).toBe('bill_due');
    expect(values.variables).toEqual([
      { key: '1', label: 'Customer name', sample: 'Ana' },
      { key: '2', label: 'Amount', sample: '$20' },
    ]);
    expect(values.bindings[0].externalId).toBe('HXabc');
  });

  it('shows a label that only repeats its key (as synced templates have) as no label', () => {
    const synced = { ...template, variables: [{ key: '1', label: '1', sample: 'Ana' }, { key: '2', label: '2', sample: null }] };
    expect(initialTemplateFormValues(synced, null).variables).toEqual([
      { key: '1', label: '', sample: 'Ana' },
      { key: '2', label: '', sample: '' },
    ]);
  });
});

describe('buildTemplatePayload', () => {
  const values: TemplateFormValues = {
    ...initialTemplateFormValues(template, providers),
    name: '  bill_due  ',
    variables: [
      { key: '1', label: ' Customer name ', sample: 'Ana' },
      { key: '2', label: '', sample: '  ' },
    ],
  };

  it('trims, sends blank labels and samples as null, and only the bindings with an id', () => {
    values.bindings[1].externalId = '  bill_due ';
    expect(buildTemplatePayload(values, true)).toEqual({
      name: 'bill_due',
      language: 'en',
      category: 'UTILITY',
      status: 'APPROVED',
      body: 'Hi {{1}}, your bill of {{2}} is due.',
      header: { format: 'None' },
      footer: '',
      buttons: [],
      variables: [
        { key: '1', label: 'Customer name', sample: 'Ana' },
        { key: '2', label: null, sample: null },
      ],
      bindings: [
        { providerId: 2, externalId: 'HXabc' },
        { providerId: 1, externalId: 'bill_due' },
      ],
    });
  });

  it('leaves the bindings out when they were not editable, so the server keeps them', () => {
    expect(buildTemplatePayload(values, false).bindings).toBeNull();
  });

  it('sends an empty list when every id was cleared, which removes the bindings', () => {
    const cleared = { ...values, bindings: values.bindings.map((b) => ({ ...b, externalId: '' })) };
    expect(buildTemplatePayload(cleared, true).bindings).toEqual([]);
  });
});

describe('formPathForTemplateField', () => {
  const values = initialTemplateFormValues(template, providers);
  values.bindings[1].externalId = 'bill_due';
  const payload = buildTemplatePayload(values, true);

  it('maps plain fields and variables', () => {
    expect(formPathForTemplateField('name', values, payload)).toBe('name');
    expect(formPathForTemplateField('Language', values, payload)).toBe('language');
    expect(formPathForTemplateField('body', values, payload)).toBe('body');
    expect(formPathForTemplateField('variables.2', values, payload)).toBe('variables.1.label');
    expect(formPathForTemplateField('variables.9', values, payload)).toBeUndefined();
  });

  it('maps a binding index of the payload back to the row of that provider', () => {
    // payload.bindings = [Main Twilio (row 0), Meta backup (row 1)]
    expect(formPathForTemplateField('bindings[1].externalId', values, payload)).toBe('bindings.1.externalId');
    expect(formPathForTemplateField('bindings[0].providerId', values, payload)).toBe('bindings.0.externalId');
    expect(formPathForTemplateField('bindings[5].externalId', values, payload)).toBeUndefined();
    expect(formPathForTemplateField('bindings', values, payload)).toBeUndefined();
  });
});

describe('send helpers', () => {
  it('builds the parameters for every key, trimmed', () => {
    expect(buildSendParameters(['1', '2'], { '1': ' Ana ', x: 'ignored' })).toEqual({ '1': 'Ana', '2': '' });
  });

  it('maps refusals onto the recipient and parameter inputs', () => {
    expect(formPathForSendField('to', ['1'])).toBe('to');
    expect(formPathForSendField('parameters.1', ['1'])).toBe('parameters.1');
    expect(formPathForSendField('parameters.9', ['1'])).toBeUndefined();
    expect(formPathForSendField('templateName', ['1'])).toBeUndefined();
  });

  it('names inputs by the label, or by the key when the label only repeats it', () => {
    expect(variableLabel({ key: '1', label: 'Customer name' })).toBe('Customer name');
    expect(variableLabel({ key: '1', label: '1' })).toBe('Variable {{1}}');
    expect(variableLabel({ key: '2', label: null })).toBe('Variable {{2}}');
    expect(variableLabel({ key: 'due_date', label: 'due_date' })).toBe('Due date');
  });

  it('prefills with samples', () => {
    expect(sampleValues(template.variables)).toEqual({ '1': 'Ana', '2': '$20' });
    expect(sampleValues([{ key: 'x', sample: null }])).toEqual({ x: '' });
  });
});

describe('labels', () => {
  it('summarises a sync', () => {
    expect(syncSummary({ providerName: 'Main Twilio', created: 2, updated: 1, unchanged: 0, total: 3, warnings: [] })).toBe(
      '2 created, 1 updated, 0 unchanged — 3 templates at Main Twilio.',
    );
    expect(syncSummary({ total: 1 })).toBe('0 created, 0 updated, 0 unchanged — 1 template at the provider.');
  });

  it('colours statuses', () => {
    expect(templateStatusColor('APPROVED')).toBe('green');
    expect(templateStatusColor('PENDING')).toBe('yellow');
    expect(templateStatusColor('REJECTED')).toBe('red');
    expect(templateStatusColor('PAUSED')).toBe('gray');
    expect(templateStatusColor('DISABLED')).toBe('gray');
    expect(isFinalMessageStatus('Accepted')).toBe(false);
    expect(isFinalMessageStatus('Failed')).toBe(true);
  });
});

describe('components', () => {
  const base = initialTemplateFormValues(template, providers);

  it('adds the header and buttons parameters after the body and sends only the fields each part uses', () => {
    const values: TemplateFormValues = {
      ...base,
      header: { format: 'Document', text: 'ignored', mediaUrl: '  ', fileName: ' bill.pdf ' },
      footer: ' Acme ISP ',
      buttons: [
        { ...emptyButton('QuickReply'), text: 'Talk to an agent', url: 'ignored', action: 'AskForAgent' },
        { ...emptyButton('Url'), text: 'Pay now', url: ' https://pay.example.com/{{1}} ' },
      ],
    };
    values.variables = deriveVariables(values.body, base.variables, {}, formComponentParameters(values));
    expect(values.variables.map((v) => v.key)).toEqual(['1', '2', 'header:media', 'button:1']);
    expect(values.variables[2].label).toBe('Header document URL');

    const payload = buildTemplatePayload(values, false);
    expect(payload.header).toEqual({ format: 'Document', mediaUrl: null, fileName: 'bill.pdf' });
    expect(payload.footer).toBe('Acme ISP');
    expect(payload.buttons).toEqual([
      { type: 'QuickReply', text: 'Talk to an agent', url: null, phoneNumber: null, code: null, action: 'AskForAgent' },
      { type: 'Url', text: 'Pay now', url: 'https://pay.example.com/{{1}}', phoneNumber: null, code: null, action: null },
    ]);
  });

  it('reads a stored template into header fields and button rows', () => {
    const values = initialTemplateFormValues(
      { ...template, header: { format: 'Text', text: 'Bill {{1}}' }, footer: 'Acme', buttons: [{ type: 'CopyCode', text: 'Copy' }],
        variables: [...(template.variables ?? []), { key: 'header:text', label: 'Bill number', sample: 'B-7' }] },
      providers,
    );
    expect(values.header).toEqual({ format: 'Text', text: 'Bill {{1}}', mediaUrl: '', fileName: '' });
    expect(values.buttons).toEqual([{ type: 'CopyCode', text: 'Copy', url: '', phoneNumber: '', code: '', action: 'None' }]);
    expect(values.variables.map((v) => [v.key, v.label])).toContainEqual(['header:text', 'Bill number']);
    expect(values.variables.map((v) => v.key)).toContain('button:0');
  });

  it('puts server errors about components on their inputs', () => {
    const values = initialTemplateFormValues(template, providers);
    const payload = buildTemplatePayload(values, true);
    expect(formPathForTemplateField('header.mediaUrl', values, payload)).toBe('header.mediaUrl');
    expect(formPathForTemplateField('buttons[2].phoneNumber', values, payload)).toBe('buttons.2.phoneNumber');
    expect(formPathForTemplateField('footer', values, payload)).toBe('footer');
  });
});
