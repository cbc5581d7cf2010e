// Turns an OAuth error that cannot go back to the app (unknown client, unregistered redirect URI, ...)
// into a page that says what happened and what to do. The description is oidc-provider's own, never a stack.
import type { ErrorView } from '../../views/error.ts';
import { t } from '../../views/messages/index.ts';

export function describeOAuthError(out: { error?: string; error_description?: string }, _error?: unknown): ErrorView {
  const code = out.error ?? 'server_error';
  const m = t();
  return {
    title: m.errors.titles[code] ?? m.errors.somethingWrong,
    message: code === 'server_error' ? m.errors.tryLater : m.errors.badRequest,
    code,
    ...(out.error_description ? { detail: out.error_description } : {}),
  };
}
