import { useMutation, useQuery, useQueryClient, type UseMutationOptions } from '@tanstack/react-query';
import type { RateCardDto, RateCardRequest } from '../../api/client';
import { costsClient } from '../../lib/api';

export const rateCardKey = ['settings', 'rate-card'] as const;

export function useRateCard() {
  return useQuery({ queryKey: rateCardKey, queryFn: ({ signal }) => costsClient.getRateCard(signal) });
}

/** Replaces the card; the form hears how it went. */
export function useSaveRateCard(callbacks: Pick<UseMutationOptions<RateCardDto, Error, RateCardRequest>, 'onSuccess' | 'onError'>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: RateCardRequest) => costsClient.putRateCard(request),
    ...callbacks,
    onSuccess: (card, request, ...rest) => {
      queryClient.setQueryData(rateCardKey, card);
      callbacks.onSuccess?.(card, request, ...rest);
    },
  });
}
