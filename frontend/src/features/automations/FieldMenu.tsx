import { ActionIcon, Code, Group, Menu, Text, Tooltip } from '@mantine/core';
import { IconBraces } from '@tabler/icons-react';
import type { VariableFieldDto } from '../../api/client';
import { groupFields } from './automationForm';

/**
 * The "Insert field" button of a variable's input: a menu of the fields the event offers (label, expression, example),
 * grouped into the customer's and the event's; picking one hands its expression to `onPick`.
 */
export function FieldMenu({ fields, target, onPick }: { fields: readonly VariableFieldDto[]; target: string; onPick: (expression: string) => void }) {
  const groups = groupFields(fields);
  return (
    <Menu position="bottom-end" shadow="md" width={340} withinPortal>
      <Menu.Target>
        <Tooltip label="Insert a field" withArrow>
          <ActionIcon variant="subtle" color="gray" aria-label={`Insert a field into ${target}`}>
            <IconBraces size={16} />
          </ActionIcon>
        </Tooltip>
      </Menu.Target>
      <Menu.Dropdown mah={360} style={{ overflowY: 'auto' }}>
        {groups.map((group, i) => (
          <div key={group.label}>
            {i > 0 && <Menu.Divider />}
            <Menu.Label>{group.label}</Menu.Label>
            {group.fields.map((field) => (
              <Menu.Item
                key={field.expression}
                onClick={() => onPick(field.expression ?? '')}
                aria-label={`${field.label} ${field.expression}`}
              >
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <Text size="sm">{field.label}</Text>
                  <Code fz="xs">{field.expression}</Code>
                </Group>
                {field.example && (
                  <Text size="xs" c="dimmed" truncate>
                    e.g. {field.example}
                  </Text>
                )}
              </Menu.Item>
            ))}
          </div>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
