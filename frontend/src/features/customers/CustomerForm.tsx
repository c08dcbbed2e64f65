import { useState } from 'react';
import { Button, Checkbox, type CheckboxProps, Group, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { CustomerDetailDto, CustomerDto, SaveCustomerRequest } from '../../api/client';
import { type FormProblem, formErrorsFor } from '../../lib/api';
import { ProblemAlert } from '../../lib/ProblemAlert';
import { MARKETING_CONSENT_WORDING } from './consentWording';
import { buildCustomerPayload, formPathForCustomerField, initialCustomerFormValues, type CustomerFormValues } from './customerPayload';
import { useFocusFirstInvalid } from '../../lib/focusFirstInvalid';

export const PHONE_HELP = 'In international form, e.g. +14155550123.';

/** The WhatsApp opt-in checkbox, with the consent wording the customer agrees to right beside it. */
export function ConsentCheckbox({ wording, ...props }: { wording: string } & Omit<CheckboxProps, 'label' | 'description'>) {
  return (
    <Checkbox
      label="Agrees to receive WhatsApp messages"
      description={<span data-testid="consent-wording">“{wording}”</span>}
      {...props}
    />
  );
}

/** The offers opt-in checkbox (MARKETING templates need it), with its own wording beside it. */
export function MarketingConsentCheckbox({ wording, ...props }: { wording: string } & Omit<CheckboxProps, 'label' | 'description'>) {
  return (
    <Checkbox
      label="Agrees to receive offers on WhatsApp"
      description={<span data-testid="marketing-consent-wording">“{wording}”</span>}
      {...props}
    />
  );
}

export interface CustomerFormProps {
  /** The customer being edited; absent when adding one. */
  customer?: CustomerDto | null;
  /** When given, the form has the opt-in checkbox with this wording (adding a customer). */
  consentWording?: string;
  save: (payload: SaveCustomerRequest) => Promise<CustomerDetailDto>;
  onSaved: (saved: CustomerDetailDto) => void;
  onCancel?: () => void;
  submitLabel: string;
}

/** A customer's details (and, when adding one, their WhatsApp consent); server refusals shown on their inputs. */
export function CustomerForm({ customer, consentWording, save, onSaved, onCancel, submitLabel }: CustomerFormProps) {
  const withConsent = consentWording !== undefined;
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [formRef, focusFirstInvalid] = useFocusFirstInvalid();
  const form = useForm<CustomerFormValues>({
    mode: 'controlled',
    initialValues: initialCustomerFormValues(customer),
    validate: {
      name: (value) => (value.trim() === '' ? 'Enter the customer’s name.' : null),
      phone: (value) => (value.trim() === '' ? 'Enter the customer’s WhatsApp number.' : null),
    },
  });

  const handleSubmit = async (values: CustomerFormValues) => {
    setSubmitting(true);
    setProblem(null);
    try {
      const saved = await save(buildCustomerPayload(values, withConsent ? 'create' : 'edit'));
      // What was saved is the new starting point: "Reset" and the dirty check compare with it.
      form.setInitialValues(values);
      form.resetDirty(values);
      onSaved(saved);
    } catch (error) {
      const { formErrors, problem } = formErrorsFor(error, (key) => formPathForCustomerField(key, withConsent));
      form.setErrors(formErrors);
      setProblem(problem);
      focusFirstInvalid();
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <form ref={formRef} onSubmit={form.onSubmit(handleSubmit, focusFirstInvalid)} noValidate aria-label={customer ? `Details of ${customer.name}` : 'Add customer'}>
      <Stack gap="md">
        <ProblemAlert problem={problem} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="sm">
          <TextInput label="Name" withAsterisk maxLength={200} autoComplete="off" data-autofocus {...form.getInputProps('name')} />
          <TextInput
            label="WhatsApp phone"
            description={PHONE_HELP}
            placeholder="+14155550123"
            type="tel"
            withAsterisk
            autoComplete="off"
            {...form.getInputProps('phone')}
          />
          <TextInput label="Email" type="email" maxLength={254} autoComplete="off" {...form.getInputProps('email')} />
          <TextInput label="Account number" maxLength={50} autoComplete="off" {...form.getInputProps('accountNumber')} />
          <TextInput label="Plan" placeholder="e.g. Fiber 300" maxLength={100} autoComplete="off" {...form.getInputProps('plan')} />
          <TextInput
            label="Language"
            description="For templates, e.g. en_US or pt_BR."
            maxLength={16}
            autoComplete="off"
            spellCheck={false}
            {...form.getInputProps('language')}
          />
          <TextInput
            label="Time zone"
            description="IANA, e.g. America/New_York: decides the customer’s “today” for reminders and quiet hours. Empty: the app’s default."
            placeholder="America/New_York"
            maxLength={64}
            autoComplete="off"
            spellCheck={false}
            {...form.getInputProps('timeZone')}
          />
        </SimpleGrid>
        {withConsent && <ConsentCheckbox wording={consentWording} {...form.getInputProps('whatsAppOptIn', { type: 'checkbox' })} />}
        {withConsent && (
          <MarketingConsentCheckbox wording={MARKETING_CONSENT_WORDING} {...form.getInputProps('marketingOptIn', { type: 'checkbox' })} />
        )}
        <Group justify="flex-end">
          {onCancel ? (
            <Button variant="default" onClick={onCancel} disabled={submitting}>
              Cancel
            </Button>
          ) : (
            <Button variant="default" onClick={() => form.reset()} disabled={submitting || !form.isDirty()}>
              Reset
            </Button>
          )}
          <Button type="submit" loading={submitting} disabled={!!customer && !form.isDirty()}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
