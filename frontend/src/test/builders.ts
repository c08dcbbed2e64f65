/*
 * Test data: one builder per DTO, each giving a complete, typical value (the bill_due template, the active Twilio
 * provider …) that a test changes only where it matters to it.
 */
import type { ProviderSummaryDto, TemplateDto } from '../api/client';

/** "bill_due", approved, two numbered variables, bound to the active Twilio provider and so sendable. */
export function makeTemplate(overrides: Partial<TemplateDto> = {}): TemplateDto {
  return {
    id: 1,
    name: 'bill_due',
    language: 'en',
    category: 'UTILITY',
    body: 'Hi {{1}}, your bill of {{2}} is due.',
    parameterFormat: 'Positional',
    variables: [
      { key: '1', label: 'Customer name', sample: 'Ana' },
      { key: '2', label: 'Amount', sample: '$20' },
    ],
    status: 'APPROVED',
    rejectionReason: null,
    bindings: [{ providerId: 1, externalId: 'HX1', providerName: 'Main Twilio', providerType: 'twilio' }],
    sendable: true,
    ...overrides,
  };
}

/** The active Twilio provider, as Staff see it. */
export function makeProviderSummary(overrides: Partial<ProviderSummaryDto> = {}): ProviderSummaryDto {
  return { id: 1, name: 'Main Twilio', providerType: 'twilio', isActive: true, isStandby: false, ...overrides };
}
