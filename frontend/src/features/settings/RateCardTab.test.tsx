import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import type { RateCardDto } from '../../api/client';
import { renderAtRoute } from '../../test/renderAtRoute';

const costsClient = vi.hoisted(() => ({ getRateCard: vi.fn(), putRateCard: vi.fn() }));

vi.mock('../../lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../lib/api')>()),
  costsClient,
}));

const { RateCardTab } = await import('./RateCardTab');

const card: RateCardDto = {
  label: 'EXAMPLE prices as of 2025-07-01',
  asOf: '2025-07-01',
  prices: [{ category: 'marketing', country: '*', price: 0.025, currency: 'USD' }],
  updatedAt: '2025-07-01T00:00:00Z',
  updatedBy: null,
};

function renderTab() {
  renderAtRoute('/settings/rate-card', <Route path="/settings/rate-card" element={<RateCardTab />} />);
}

describe('RateCardTab', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    costsClient.getRateCard.mockResolvedValue(card);
  });

  it('saves an added price with the card and puts the server’s field error under that price', async () => {
    const user = userEvent.setup();
    costsClient.putRateCard.mockRejectedValue({
      status: 400,
      title: 'One or more validation errors occurred.',
      errors: { 'prices[1].country': ['A two-letter country code (BR, GB …) or * for every other country.'] },
    });
    renderTab();

    expect(await screen.findByRole('textbox', { name: 'Source' })).toHaveValue(card.label);
    await user.click(screen.getByRole('button', { name: 'Add price' }));
    const country = screen.getByRole('textbox', { name: 'Country of price 2' });
    await user.clear(country);
    await user.type(country, 'XX');
    await user.click(screen.getByRole('button', { name: 'Save rate card' }));

    expect(costsClient.putRateCard).toHaveBeenCalledWith({
      label: card.label,
      asOf: '2025-07-01',
      prices: [
        { category: 'marketing', country: '*', price: 0.025, currency: 'USD' },
        { category: 'marketing', country: 'XX', price: 0, currency: 'USD' },
      ],
    });
    const row = screen.getByRole('textbox', { name: 'Country of price 2' }).closest('tr')!;
    expect(await within(row).findByText(/two-letter country code/)).toBeInTheDocument();
  });
});
