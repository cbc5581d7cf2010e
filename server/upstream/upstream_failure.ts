// Every way an upstream login can fail, each with its page text (from the message catalogs) and the OAuth error
// the app receives. A failure never logs in anyone: the attempt cookie is gone and the interaction ends in the error.
import type { Context } from 'koa';
import * as client from 'openid-client';
import { errors as joseErrors } from 'jose';
import { upstreamErrorPage } from '../../views/upstream_error.ts';
import { t } from '../../views/messages/index.ts';
import { finishLoginByUid, type UpstreamDeps } from './context.ts';

export type FailureCause =
  | 'cancelled'
  | 'upstream_error'
  | 'upstream_unavailable'
  | 'bad_signature'
  | 'wrong_nonce'
  | 'expired_token'
  | 'invalid_id_token'
  | 'state_mismatch'
  | 'unmapped_acr'
  | 'level_not_reached'
  | 'no_identifier'
  | 'no_organisation';

// What the app receives for each cause; what the person reads is in the message catalogs (views/messages).
const FAILURES: Record<FailureCause, { error: string; description: string }> = {
  cancelled: {
    error: 'access_denied',
    description: 'the user cancelled the login at the identity provider',
  },
  upstream_error: {
    error: 'access_denied',
    description: 'the identity provider returned an error',
  },
  upstream_unavailable: {
    error: 'temporarily_unavailable',
    description: 'the identity provider could not be reached',
  },
  bad_signature: {
    error: 'access_denied',
    description: 'the identity provider\'s ID token has an invalid signature',
  },
  wrong_nonce: {
    error: 'access_denied',
    description: 'the identity provider\'s ID token has the wrong nonce',
  },
  expired_token: {
    error: 'access_denied',
    description: 'the identity provider\'s ID token has expired',
  },
  invalid_id_token: {
    error: 'access_denied',
    description: 'the identity provider\'s response is invalid',
  },
  state_mismatch: {
    error: 'access_denied',
    description: 'the identity provider\'s response does not belong to this login (state mismatch)',
  },
  unmapped_acr: {
    error: 'access_denied',
    description: 'the identity provider returned an unknown level of assurance (acr)',
  },
  level_not_reached: {
    error: 'access_denied',
    description: 'the login did not reach the level of assurance the service needs',
  },
  no_identifier: {
    error: 'access_denied',
    description: 'the identity provider did not identify the person by a valid BSN',
  },
  no_organisation: {
    error: 'access_denied',
    description: 'the identity provider did not identify the organisation by a valid KvK number',
  },
};

/** The cause of an error thrown while redeeming the code and checking the ID token. */
export function causeOf(error: unknown): FailureCause {
  if (error instanceof joseErrors.JWSSignatureVerificationFailed || error instanceof joseErrors.JWKSNoMatchingKey) return 'bad_signature';
  if (error instanceof joseErrors.JWTExpired) return 'expired_token';
  if (error instanceof joseErrors.JOSEError) return error instanceof joseErrors.JWKSTimeout ? 'upstream_unavailable' : 'invalid_id_token';
  if (error instanceof client.ResponseBodyError) return 'upstream_error';
  if (error instanceof client.ClientError) {
    // openid-client wraps oauth4webapi's error, whose cause names the claim that failed.
    type Cause = { claim?: string; cause?: Cause };
    const wrapped = (error as { cause?: Cause }).cause;
    const cause = wrapped?.cause ?? wrapped;
    if (error.code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED' && cause?.claim === 'exp') return 'expired_token';
    if (error.code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' && cause?.claim === 'nonce') return 'wrong_nonce';
    if (error.code === 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED' || error.code === 'OAUTH_INVALID_RESPONSE' || error.code?.startsWith('OAUTH_JWT')) {
      return 'invalid_id_token';
    }
  }
  return 'upstream_unavailable';
}

/**
 * Shows the page for `cause` and, when the interaction is known, ends its login step with the OAuth error, so the
 * button on the page takes the person back to the app, which receives the error.
 */
export async function failUpstreamLogin(ctx: Context, deps: UpstreamDeps, cause: FailureCause, uid: string | undefined, upstream: string | undefined) {
  const failure = FAILURES[cause];
  // Only the cause and the upstream's id: never a BSN, token, code or cookie.
  deps.logger.warn({ upstream, cause }, 'upstream login failed');
  const finished = uid ? await finishLoginByUid(deps.provider, uid, { error: failure.error, error_description: failure.description }) : undefined;
  ctx.status = 400;
  ctx.type = 'html';
  ctx.set('Cache-Control', 'no-store');
  const text = t().upstream.failures[cause]!;
  ctx.body = upstreamErrorPage({
    title: text.title,
    message: finished ? text.message : `${text.message} ${t().upstream.startAgain}`,
    code: cause,
    back: finished && { href: finished.returnTo, clientName: finished.clientName },
  });
}
