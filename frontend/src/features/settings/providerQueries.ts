import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import type { ProviderDto } from '../../api/client';
import { providersClient, toApiError } from '../../lib/api';
import { providersKey } from '../../lib/queries/providers';
import { standbyCoverageText } from '../../lib/templates';
import { normalizeProviderTypes } from './providerPayload';

export const providerTypesKey = ['settings', 'whatsapp-provider-types'] as const;

export function useProviders() {
  return useQuery({ queryKey: providersKey, queryFn: ({ signal }) => providersClient.listProviders(signal) });
}

export function useProviderTypes() {
  return useQuery({
    queryKey: providerTypesKey,
    queryFn: async ({ signal }) => normalizeProviderTypes(await providersClient.listProviderTypes(signal)),
    // The drivers are compiled into the backend: they change only with a deployment.
    staleTime: 60 * 60_000,
  });
}

/** Makes a provider the active one: the next message goes through it. */
export function useSetActiveProvider() {
  const queryClient = useQueryClient();
  return useMutation({
  mutationFn: (provider: ProviderDto) => providersClient.setActiveProvider(provider.id!),
  onSuccess: (saved) =>
    notifications.show({ color: 'whatsapp', title: 'Active provider changed', message: `Messages are now sent through ${saved.name}.` }),
  onError: (error, provider) =>
    notifications.show({ color: 'red', title: `Could not make ${provider.name} active`, message: toApiError(error).message }),
  onSettled: () => queryClient.invalidateQueries({ queryKey: providersKey }),
});
}

/** Makes a provider the standby, or (when it is) turns failover off. */
export function useToggleStandbyProvider(coverageOf: (providerId: number) => { bound: number; total: number } | null = () => null) {
  const queryClient = useQueryClient();
  return useMutation({
  mutationFn: async (provider: ProviderDto) => {
    if (provider.isStandby) await providersClient.clearStandbyProvider();
    else await providersClient.setStandbyProvider(provider.id!);
  },
  onSuccess: (_, provider) => {
    if (provider.isStandby) {
      notifications.show({ title: 'No standby provider', message: 'Failover is off: while the active provider is down, messages wait for it.' });
      return;
    }
    // Failover sends a message through the standby only with its template bound there: say how many are.
    const coverage = coverageOf(provider.id!);
    const partial = coverage !== null && coverage.bound < coverage.total;
    notifications.show({
      color: partial ? 'orange' : 'whatsapp',
      title: 'Standby provider set',
      message: `Messages fail over to ${provider.name} while the active provider is down.${coverage ? ` ${standbyCoverageText(coverage)}.` : ''}`,
    });
  },
  onError: (error, provider) =>
    notifications.show({
      color: 'red',
      title: provider.isStandby ? `Could not unset ${provider.name} as standby` : `Could not make ${provider.name} the standby`,
      message: toApiError(error).message,
    }),
  onSettled: () => queryClient.invalidateQueries({ queryKey: providersKey }),
});
}

export function useDeleteProvider() {
  const queryClient = useQueryClient();
  return useMutation({
  mutationFn: (provider: ProviderDto) => providersClient.deleteProvider(provider.id!),
  onSuccess: (_, provider) => notifications.show({ title: 'Provider deleted', message: `${provider.name} was deleted.` }),
  onError: (error, provider) =>
    notifications.show({ color: 'red', title: `Could not delete ${provider.name}`, message: toApiError(error).message }),
  onSettled: () => queryClient.invalidateQueries({ queryKey: providersKey }),
});
}
