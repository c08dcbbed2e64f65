import type { CustomerDto, SaveCustomerRequest } from '../../api/client';

export interface CustomerFormValues {
  name: string;
  phone: string;
  email: string;
  accountNumber: string;
  plan: string;
  language: string;
  /** IANA zone (America/New_York); empty: the application's default. */
  timeZone: string;
  /** Only on the "Add customer" form; on the profile the checkbox saves by itself. */
  whatsAppOptIn: boolean;
}

export function initialCustomerFormValues(customer?: CustomerDto | null): CustomerFormValues {
  return {
    name: customer?.name ?? '',
    phone: customer?.phone ?? '',
    email: customer?.email ?? '',
    accountNumber: customer?.accountNumber ?? '',
    plan: customer?.plan ?? '',
    language: customer?.language ?? '',
    timeZone: customer?.timeZone ?? '',
    whatsAppOptIn: customer?.whatsAppOptIn ?? false,
  };
}

/**
 * The request for create or update. An emptied optional field is sent as '' (the server clears it); on update the
 * opt-in is left out (null keeps it), since the profile's checkbox records consent on its own.
 */
export function buildCustomerPayload(values: CustomerFormValues, mode: 'create' | 'edit'): SaveCustomerRequest {
  const details = {
    name: values.name.trim(),
    phone: values.phone.trim(),
    email: values.email.trim(),
    accountNumber: values.accountNumber.trim(),
    plan: values.plan.trim(),
    language: values.language.trim(),
    timeZone: values.timeZone.trim(),
  };
  if (mode === 'edit') return { ...details, whatsAppOptIn: null, consentSource: null };
  // Added by staff with the customer's agreement: recorded as given through the admin app.
  return { ...details, whatsAppOptIn: values.whatsAppOptIn, consentSource: values.whatsAppOptIn ? 'Admin' : null };
}

/** The opt-in change the profile's checkbox saves: only the consent, the details left as they are. */
export function optInPayload(optedIn: boolean): SaveCustomerRequest {
  return { whatsAppOptIn: optedIn, consentSource: 'Profile' };
}

const FORM_FIELDS: Record<string, keyof CustomerFormValues> = {
  name: 'name',
  phone: 'phone',
  email: 'email',
  accountnumber: 'accountNumber',
  plan: 'plan',
  language: 'language',
  timezone: 'timeZone',
  whatsappoptin: 'whatsAppOptIn',
  consentsource: 'whatsAppOptIn',
};

/** The input a server error key belongs to ("accountNumber" → accountNumber), or undefined for the form's alert. */
export function formPathForCustomerField(serverKey: string, withConsent: boolean): string | undefined {
  const field = FORM_FIELDS[serverKey.trim().toLowerCase()];
  return field === 'whatsAppOptIn' && !withConsent ? undefined : field;
}

