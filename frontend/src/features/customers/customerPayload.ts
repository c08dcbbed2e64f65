import type { ConsentPurpose, CustomerDto, SaveCustomerRequest } from '../../api/client';

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
  /** Consent to offers (MARKETING templates), likewise only when adding. */
  marketingOptIn: boolean;
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
    marketingOptIn: customer?.marketingOptIn ?? false,
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
  const any = values.whatsAppOptIn || values.marketingOptIn;
  return { ...details, whatsAppOptIn: values.whatsAppOptIn, marketingOptIn: values.marketingOptIn, consentSource: any ? 'Admin' : null };
}

/** One consent change made on the profile: which consent, in or out, and (for an opt-out) the reason staff gave. */
export interface ConsentChange {
  purpose: ConsentPurpose;
  optedIn: boolean;
  reason?: string;
}

/**
 * The consent change the profile saves: only the consent, the details left as they are. An opt-in is the customer's
 * agreement taken through the profile; an opt-out is staff's decision, recorded as Admin with their reason.
 */
export function optInPayload({ purpose, optedIn, reason }: ConsentChange): SaveCustomerRequest {
  const consent = purpose === 'Marketing' ? { marketingOptIn: optedIn } : { whatsAppOptIn: optedIn };
  return optedIn ? { ...consent, consentSource: 'Profile' } : { ...consent, consentSource: 'Admin', consentReason: reason?.trim() || null };
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
  marketingoptin: 'marketingOptIn',
  consentsource: 'whatsAppOptIn',
};

/** The input a server error key belongs to ("accountNumber" → accountNumber), or undefined for the form's alert. */
export function formPathForCustomerField(serverKey: string, withConsent: boolean): string | undefined {
  const field = FORM_FIELDS[serverKey.trim().toLowerCase()];
  return (field === 'whatsAppOptIn' || field === 'marketingOptIn') && !withConsent ? undefined : field;
}

