import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App';
import { ApiError } from './api/client';
import { meKey } from './api/me';
import type { Me } from './api/types';
import { ThemeProvider } from './components/ThemeProvider';
import './i18n';

/** Renders the app; `firstMe` is the session check main.tsx started before this code arrived. */
export function boot(firstMe: Promise<Me | null> | undefined) {
  const queryClient = new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        refetchOnWindowFocus: false,
        // A refusal (4xx) will not change by asking again; a network hiccup may.
        retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
      },
    },
  });
  // The answer already on its way becomes the query's first fetch (a failure is fetched again by the page that needs it).
  if (firstMe) void queryClient.prefetchQuery({ queryKey: meKey, queryFn: () => firstMe, staleTime: 60_000 });

  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <ThemeProvider>
          <BrowserRouter>
            <App />
          </BrowserRouter>
        </ThemeProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
}
