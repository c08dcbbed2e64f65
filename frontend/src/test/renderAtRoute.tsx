import type { ReactNode } from 'react';
import { render, screen } from '@testing-library/react';
import { MemoryRouter, Routes, useLocation, useNavigate } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MantineProvider } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { theme } from '../theme';

/** Shows the router's current address (path and query) to a test, with a stand-in for the browser's Back button. */
function LocationProbe() {
  const location = useLocation();
  const navigate = useNavigate();
  return (
    <>
      <output data-testid="location">{`${location.pathname}${location.search}`}</output>
      <button type="button" onClick={() => void navigate(-1)}>
        Browser back
      </button>
    </>
  );
}

/**
 * Renders `routes` (<Route> elements) at `path` with what the app provides around pages: Mantine, modals, a fresh
 * query client without retries, and a router whose address the test can read ({@link currentAddress}).
 */
export function renderAtRoute(path: string, routes: ReactNode) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <MantineProvider theme={theme}>
      <QueryClientProvider client={queryClient}>
        <ModalsProvider>
          <MemoryRouter initialEntries={[path]}>
            <Routes>{routes}</Routes>
            <LocationProbe />
          </MemoryRouter>
        </ModalsProvider>
      </QueryClientProvider>
    </MantineProvider>,
  );
  return queryClient;
}

/** The address the router is at, e.g. "/customers?q=ana". */
export const currentAddress = () => screen.getByTestId('location').textContent ?? '';

/** The query of the address the router is at. */
export const currentSearchParams = () => new URLSearchParams(currentAddress().split('?')[1] ?? '');
