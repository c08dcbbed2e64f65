import { useMutation, useQuery, useQueryClient, type UseMutationOptions } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import type { ApiKeyDto, CreatedApiKeyDto } from '../../api/client';
import { apiKeysClient, toApiError } from '../../lib/api';

export const apiKeysKey = ['settings', 'api-keys'] as const;

export function useApiKeys() {
  return useQuery({ queryKey: apiKeysKey, queryFn: ({ signal }) => apiKeysClient.listApiKeys(signal) });
}

/** Creates a key (its secret comes back once); the form hears how it went. */
export function useCreateApiKey(callbacks: Pick<UseMutationOptions<CreatedApiKeyDto, Error, string>, 'onSuccess' | 'onError'>) {
  return useMutation({ mutationFn: (name: string) => apiKeysClient.createApiKey({ name }), ...callbacks });
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (apiKey: ApiKeyDto) => apiKeysClient.revokeApiKey(apiKey.id!),
    onSuccess: (_, apiKey) => notifications.show({ title: 'Key revoked', message: `Requests with “${apiKey.name}” are refused from now on.` }),
    onError: (error, apiKey) => notifications.show({ color: 'red', title: `Could not revoke “${apiKey.name}”`, message: toApiError(error).message }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: apiKeysKey }),
  });
}
