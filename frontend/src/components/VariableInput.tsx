import { useRef, type ReactNode } from 'react';
import { Button, Code, Menu, TextInput } from '@mantine/core';
import { IconChevronDown, IconUserPlus } from '@tabler/icons-react';
import type { TemplateDto, VariableFieldDto } from '../api/client';
import { variableLabel } from '../lib/templates';
import { insertAt } from '../lib/templateText';

/**
 * A template variable's value: fixed text typed by the user, customer fields inserted at the caret from a menu
 * ("Insert field" → Full name puts {{customer.name}} where the caret was), or both.
 */
export function VariableInput({
  label,
  description,
  placeholder,
  fields,
  value,
  onChange,
  error,
}: {
  label: string;
  description?: ReactNode;
  placeholder?: string;
  fields: VariableFieldDto[];
  value: string;
  onChange: (value: string) => void;
  error?: ReactNode;
}) {
  const input = useRef<HTMLInputElement>(null);

  const insert = (expression: string) => {
    const element = input.current;
    const { value: next, caret } = insertAt(value, element?.selectionStart ?? value.length, element?.selectionEnd ?? value.length, expression);
    onChange(next);
    // After React has written the new value: back to the input, the caret just after the field.
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(caret, caret);
    });
  };

  return (
    <TextInput
      ref={input}
      label={label}
      description={description}
      placeholder={placeholder}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
      withAsterisk
      autoComplete="off"
      maxLength={1024}
      rightSectionWidth={128}
      rightSectionPointerEvents="all"
      rightSection={
        <Menu position="bottom-end" withinPortal shadow="md" disabled={fields.length === 0}>
          <Menu.Target>
            <Button
              size="compact-xs"
              variant="light"
              leftSection={<IconUserPlus size={14} aria-hidden />}
              rightSection={<IconChevronDown size={12} aria-hidden />}
              aria-label={`Insert field into ${label}`}
              disabled={fields.length === 0}
            >
              Insert field
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Label>Customer fields</Menu.Label>
            {fields.map((field) => (
              <Menu.Item
                key={field.expression}
                onClick={() => insert(field.expression ?? '')}
                rightSection={<Code fz="xs">{field.expression}</Code>}
                aria-label={`${field.label}, ${field.expression}`}
              >
                {field.label}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      }
    />
  );
}

/**
 * One {@link VariableInput} per variable of a template, each named by its label and saying which placeholder it fills:
 * what Compose and "Send WhatsApp" both ask for. `values`, `errorOf` and `onChange` are keyed by variable key.
 */
export function TemplateVariableInputs({
  template,
  fields,
  values,
  onChange,
  errorOf,
}: {
  template: TemplateDto;
  fields: VariableFieldDto[];
  values: Record<string, string>;
  onChange: (key: string, value: string) => void;
  errorOf: (key: string) => ReactNode;
}) {
  return (template.variables ?? [])
    .filter((v) => !!v.key)
    .map((v) => (
      <VariableInput
        key={v.key}
        label={variableLabel(v)}
        description={
          <>
            Fills <Code fz="xs">{`{{${v.key}}}`}</Code>
            {v.sample ? ` — for example “${v.sample}”` : ''}
          </>
        }
        placeholder="Fixed text or a customer field"
        fields={fields}
        value={values[v.key!] ?? ''}
        onChange={(text) => onChange(v.key!, text)}
        error={errorOf(v.key!)}
      />
    ));
}
