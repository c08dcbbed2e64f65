import { useState } from 'react';
import { Button, Group, Select, Stack, TextInput } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { messagesClient, toApiError } from '../../lib/api';
import { conversationsKey } from '../../lib/queries/inbox';
import { useTemplates } from '../../lib/queries/templates';
import { buildSendParameters, notSendableReason, variableLabel } from '../../lib/templates';

/**
 * Outside the service window: an approved template with its variables, through the ordinary send path (which also
 * refuses anyone who has not opted in: writing to us is not consent).
 */
export function TemplateReply({ phone }: { phone: string }) {
  const templates = useTemplates('', 'APPROVED');
  const client = useQueryClient();
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const sendable = (templates.data ?? []).filter((t) => notSendableReason(t) === null);
  const template = sendable.find((t) => String(t.id) === templateId);
  const variables = (template?.variables ?? []).filter((v) => !!v.key);

  const send = async () => {
    if (!template) return;
    setSending(true);
    setError(null);
    try {
      await messagesClient.sendMessage({
        to: phone,
        templateName: template.name,
        language: template.language,
        parameters: buildSendParameters(variables.map((v) => v.key!), values),
      });
      setValues({});
      await client.invalidateQueries({ queryKey: conversationsKey });
    } catch (e) {
      setError(toApiError(e).message);
    } finally {
      setSending(false);
    }
  };

  return (
    <Stack gap="xs">
      <Select
        label="Template"
        placeholder="Choose an approved template"
        data={sendable.map((t) => ({ value: String(t.id), label: `${t.name} (${t.language})` }))}
        value={templateId}
        onChange={setTemplateId}
        error={error}
      />
      {variables.map((v) => (
        <TextInput
          key={v.key}
          label={variableLabel(v)}
          value={values[v.key!] ?? ''}
          onChange={(e) => {
            const value = e.currentTarget.value;
            setValues((old) => ({ ...old, [v.key!]: value }));
          }}
        />
      ))}
      <Group justify="flex-end">
        <Button leftSection={<IconSend size={16} />} onClick={send} loading={sending} disabled={!template}>
          Send template
        </Button>
      </Group>
    </Stack>
  );
}
