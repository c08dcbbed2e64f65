import { Code, TextInput } from '@mantine/core';
import type { GetInputPropsReturnType } from '@mantine/form';
import type { TemplateVariable } from '../../api/client';
import { variableLabel } from '../../lib/templates';

export const RECIPIENT_HELP = 'A customer who opted in to WhatsApp messages, in international form, e.g. +14155550123.';

/** The inputs of a send: the recipient and one input per variable, labelled with the variable's label. */
export function RecipientAndParameters({
  variables,
  inputProps,
  optional = false,
}: {
  variables: TemplateVariable[];
  inputProps: (path: string) => GetInputPropsReturnType;
  /** The recipient may be left empty (the provider test then only checks the credentials). */
  optional?: boolean;
}) {
  return (
    <>
      <TextInput
        label="Recipient phone"
        description={optional ? `${RECIPIENT_HELP} Leave empty to only check the credentials.` : RECIPIENT_HELP}
        placeholder="+14155550123"
        type="tel"
        autoComplete="off"
        withAsterisk={!optional}
        data-autofocus={optional ? undefined : true}
        {...inputProps('to')}
      />
      {variables.map((v) => (
        <TextInput
          key={v.key}
          label={variableLabel(v)}
          description={
            // "Variable {{1}}" already names its placeholder.
            variableLabel(v).includes('{{') ? undefined : (
              <>
                Fills <Code fz="xs">{`{{${v.key}}}`}</Code>
              </>
            )
          }
          withAsterisk
          autoComplete="off"
          maxLength={1024}
          {...inputProps(`parameters.${v.key}`)}
        />
      ))}
    </>
  );
}
