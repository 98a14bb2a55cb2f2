import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App';
import { fetchMe, meKey } from './api/auth';
import { ApiError } from './api/client';
import { ThemeProvider } from './components/ThemeProvider';
import './i18n';
import './styles.css';

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

// Who is signed in is asked at once, alongside the page's code, rather than after the first render.
if (!window.location.pathname.startsWith('/shop/') && !window.location.pathname.startsWith('/chat/')) {
  void queryClient.prefetchQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: 60_000 });
}

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
