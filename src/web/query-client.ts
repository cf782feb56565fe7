import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from './api/client.ts';

type Sink = (e: unknown) => void;
let sink: Sink = () => undefined;

/** The app installs the display policy here once it has antd's and the router's context. */
export function setErrorSink(s: Sink): void {
  sink = s;
}

/**
 * Queries and mutations report failures to the display policy, except those marked `meta: { silent: true }`
 * whose page shows the error itself (the login form, the unit page's “not found”).
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: (e, query) => void (query.meta?.silent ? undefined : sink(e)) }),
    mutationCache: new MutationCache({
      onError: (e, _v, _c, mutation) => void (mutation.meta?.silent ? undefined : sink(e)),
    }),
    defaultOptions: {
      queries: {
        // Client errors do not get better by asking again.
        retry: (count, e) => !(isApiError(e) && e.status >= 400 && e.status < 500) && count < 2,
        refetchOnWindowFocus: false,
      },
    },
  });
}
