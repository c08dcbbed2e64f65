import { describe, expect, it } from 'vitest';
import { analyzePlaceholders, humanizeKey, placeholders, previewSegments, renderPreview } from './templateText';

describe('placeholders', () => {
  it('finds distinct keys in order of first appearance, allowing spaces inside the braces', () => {
    expect(placeholders('Hi {{2}}, {{1}} and {{ 2 }} again')).toEqual(['2', '1']);
    expect(placeholders('Dear {{customer_name}}, pay {{amount_due}} by {{due_date}}.')).toEqual(['customer_name', 'amount_due', 'due_date']);
  });

  it('ignores what is not a placeholder', () => {
    expect(placeholders('')).toEqual([]);
    expect(placeholders('Hi {1}, {{ }} {{a-b}} {{{x}}')).toEqual(['x']);
    expect(placeholders('{{ unfinished')).toEqual([]);
  });

  it('can be called again with the same result (no regex state between calls)', () => {
    const body = 'a {{1}} b {{2}}';
    expect(placeholders(body)).toEqual(['1', '2']);
    expect(placeholders(body)).toEqual(['1', '2']);
  });
});

describe('analyzePlaceholders', () => {
  it('orders numbered placeholders numerically', () => {
    expect(analyzePlaceholders('{{2}} then {{1}}, {{10}}? no: {{3}}')).toMatchObject({ format: 'Positional', keys: ['1', '2', '3', '10'] });
    expect(analyzePlaceholders('Hi {{2}} {{1}}')).toEqual({ format: 'Positional', keys: ['1', '2'] });
  });

  it('reports a gap in the numbering like the server does', () => {
    expect(analyzePlaceholders('Hi {{1}} {{3}}').error).toBe('Placeholders must be numbered from {{1}} without gaps: {{2}} is missing.');
    expect(analyzePlaceholders('Hi {{2}}').error).toContain('{{1}} is missing');
  });

  it('refuses a mix of numbered and named placeholders', () => {
    expect(analyzePlaceholders('{{1}} {{name}}').error).toMatch(/not both/);
  });

  it('accepts lowercase named placeholders and refuses others', () => {
    expect(analyzePlaceholders('{{customer_name}} {{plan2}}')).toEqual({ format: 'Named', keys: ['customer_name', 'plan2'] });
    expect(analyzePlaceholders('{{CustomerName}}').error).toBe(
      "Named placeholders use lowercase letters, digits and underscores: 'CustomerName' does not.",
    );
  });

  it('has no keys and no error for a body without placeholders (named, as the server reports it)', () => {
    expect(analyzePlaceholders('Your line is back up.')).toEqual({ format: 'Named', keys: [] });
  });
});

describe('renderPreview', () => {
  it('fills placeholders with their values, spaces inside braces included', () => {
    expect(renderPreview('Hi {{1}}, your bill of {{ 2 }} is due.', { '1': 'Ana', '2': '$20' })).toBe('Hi Ana, your bill of $20 is due.');
    expect(renderPreview('{{name}} {{name}}', { name: 'Bo' })).toBe('Bo Bo');
  });

  it('leaves placeholders without a value (or with a blank one) as they are', () => {
    expect(renderPreview('Hi {{1}}, {{2}}', { '1': '  ' })).toBe('Hi {{1}}, {{2}}');
  });

  it('does not treat inherited object keys as values', () => {
    expect(renderPreview('{{constructor}}', {})).toBe('{{constructor}}');
  });

  it('keeps $ patterns in values literally', () => {
    expect(renderPreview('Pay {{1}}', { '1': "$& $1 $'" })).toBe("Pay $& $1 $'");
  });
});

describe('previewSegments', () => {
  it('marks filled and missing placeholders', () => {
    expect(previewSegments('Hi {{1}}, due {{2}}.', { '1': 'Ana' })).toEqual([
      { kind: 'text', text: 'Hi ' },
      { kind: 'value', key: '1', text: 'Ana' },
      { kind: 'text', text: ', due ' },
      { kind: 'missing', key: '2', text: '{{2}}' },
      { kind: 'text', text: '.' },
    ]);
    expect(previewSegments('', {})).toEqual([]);
  });
});

describe('humanizeKey', () => {
  it('turns named keys into labels and leaves numbers without one', () => {
    expect(humanizeKey('customer_name')).toBe('Customer name');
    expect(humanizeKey('amount__due_')).toBe('Amount due');
    expect(humanizeKey('3')).toBe('');
  });
});
