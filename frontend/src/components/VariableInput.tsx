import { useRef, type ReactNode } from 'react';
import { Button, Code, Menu, TextInput } from '@mantine/core';
import { IconChevronDown, IconUserPlus } from '@tabler/icons-react';
import type { VariableFieldDto } from '../api/client';
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
