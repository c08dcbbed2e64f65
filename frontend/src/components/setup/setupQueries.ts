import { setupStatus, type SetupStatus } from './setupStatus';
import { useProviderSummaries } from '../../lib/queries/providers';
import { useTemplates } from '../../lib/queries/templates';

/**
 * Where the set-up stands, from the provider list Staff may read and the approved templates (the queries the Compose
 * page makes anyway); null while either loads or when either failed (the pages show those failures themselves).
 */
export function useSetupStatus(): SetupStatus | null {
  const providers = useProviderSummaries();
  const templates = useTemplates('', 'APPROVED');
  if (!providers.data || !templates.data || providers.error || templates.error) return null;
  return setupStatus(providers.data, templates.data);
}
