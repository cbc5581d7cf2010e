// Turns an OAuth error that cannot go back to the app (unknown client, unregistered redirect URI, ...)
// into a page that says what happened and what to do. The description is oidc-provider's own, never a stack.
import type { ErrorView } from '../../views/error.ts';

const TITLES: Record<string, string> = {
  invalid_client: 'Onbekende app',
  invalid_redirect_uri: 'Onbekend terugkeeradres',
  invalid_request: 'Ongeldig verzoek',
  session_not_found: 'Uw sessie is verlopen',
};

export function describeOAuthError(out: { error?: string; error_description?: string }, _error?: unknown): ErrorView {
  const code = out.error ?? 'server_error';
  const advice =
    code === 'server_error'
      ? 'Er ging iets mis bij namens. Probeer het later opnieuw vanuit de app.'
      : 'De app die u hierheen stuurde, gaf een verzoek dat namens niet kan uitvoeren. Ga terug naar de app en probeer het opnieuw; blijft dit gebeuren, meld het dan aan de organisatie van de app.';
  return {
    title: TITLES[code] ?? 'Er ging iets mis',
    message: `${advice}${out.error_description ? ` (${out.error_description})` : ''}`,
    code,
  };
}
