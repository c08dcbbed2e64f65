import type { ProviderSummaryDto, TemplateDto } from '../../api/client';

/** Where the first-run set-up stands: what messages would go out through, and with which templates. */
export interface SetupStatus {
  /** The provider messages go out through; null when none is active. */
  activeProvider: ProviderSummaryDto | null;
  /** How many providers are configured (active or not). */
  providerCount: number;
  /** Approved templates bound to the active provider: the ones a broadcast can use. */
  sendableCount: number;
  /** Approved templates, sendable or not. */
  approvedCount: number;
}

/** The step a new user has to take next, or null when the app can send. */
export type NextSetupStep = 'add-provider' | 'activate-provider' | 'sync-templates' | null;

export function setupStatus(providers: ProviderSummaryDto[], approvedTemplates: TemplateDto[]): SetupStatus {
  const approved = approvedTemplates.filter((t) => t.status === 'APPROVED');
  return {
    activeProvider: providers.find((p) => p.isActive) ?? null,
    providerCount: providers.length,
    sendableCount: approved.filter((t) => t.sendable).length,
    approvedCount: approved.length,
  };
}

export function nextSetupStep(status: SetupStatus): NextSetupStep {
  if (!status.activeProvider) return status.providerCount === 0 ? 'add-provider' : 'activate-provider';
  if (status.sendableCount === 0) return 'sync-templates';
  return null;
}

/** Where providers are configured (admins only), and where templates are synced. */
export const PROVIDER_SETTINGS_LINK = '/settings/whatsapp';
export const TEMPLATES_LINK = '/whatsapp/templates';
