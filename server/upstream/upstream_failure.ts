// Every way an upstream login can fail, each with its page text (Dutch, like the other screens) and the OAuth error
// the app receives. A failure never logs in anyone: the attempt cookie is gone and the interaction ends in the error.
import type { Context } from 'koa';
import * as client from 'openid-client';
import { errors as joseErrors } from 'jose';
import { upstreamErrorPage } from '../../views/upstream_error.ts';
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
  | 'no_identifier';

const FAILURES: Record<FailureCause, { title: string; message: string; error: string; description: string }> = {
  cancelled: {
    title: 'Inloggen afgebroken',
    message: 'U hebt het inloggen afgebroken. Er is niets aan de app doorgegeven.',
    error: 'access_denied',
    description: 'the user cancelled the login at the identity provider',
  },
  upstream_error: {
    title: 'Inloggen is niet gelukt',
    message: 'Het inlogmiddel meldde een fout. Probeer het later opnieuw.',
    error: 'access_denied',
    description: 'the identity provider returned an error',
  },
  upstream_unavailable: {
    title: 'Inlogmiddel niet bereikbaar',
    message: 'Het inlogmiddel is op dit moment niet bereikbaar. Probeer het later opnieuw.',
    error: 'temporarily_unavailable',
    description: 'the identity provider could not be reached',
  },
  bad_signature: {
    title: 'Inloggen is niet gelukt',
    message: 'Het antwoord van het inlogmiddel kon niet worden gecontroleerd (de ondertekening klopt niet). U bent niet ingelogd.',
    error: 'access_denied',
    description: 'the identity provider\'s ID token has an invalid signature',
  },
  wrong_nonce: {
    title: 'Inloggen is niet gelukt',
    message: 'Het antwoord van het inlogmiddel hoort niet bij deze inlogpoging. U bent niet ingelogd.',
    error: 'access_denied',
    description: 'the identity provider\'s ID token has the wrong nonce',
  },
  expired_token: {
    title: 'Inloggen is niet gelukt',
    message: 'Het antwoord van het inlogmiddel is verlopen. U bent niet ingelogd.',
    error: 'access_denied',
    description: 'the identity provider\'s ID token has expired',
  },
  invalid_id_token: {
    title: 'Inloggen is niet gelukt',
    message: 'Het antwoord van het inlogmiddel is ongeldig. U bent niet ingelogd.',
    error: 'access_denied',
    description: 'the identity provider\'s response is invalid',
  },
  state_mismatch: {
    title: 'Inloggen is niet gelukt',
    message: 'Dit antwoord van het inlogmiddel hoort niet bij een inlogpoging in deze browser. U bent niet ingelogd.',
    error: 'access_denied',
    description: 'the identity provider\'s response does not belong to this login (state mismatch)',
  },
  unmapped_acr: {
    title: 'Inloggen is niet gelukt',
    message: 'Het inlogmiddel gaf een betrouwbaarheidsniveau op dat namens niet kent. U bent niet ingelogd.',
    error: 'access_denied',
    description: 'the identity provider returned an unknown level of assurance (acr)',
  },
  level_not_reached: {
    title: 'Niveau van inloggen te laag',
    message: 'Met dit inlogmiddel haalt u niet het betrouwbaarheidsniveau dat deze dienst vraagt. Gebruik een inlogmiddel met een hoger niveau (bijvoorbeeld DigiD Substantieel of Hoog) en begin opnieuw vanuit de app.',
    error: 'access_denied',
    description: 'the login did not reach the level of assurance the service needs',
  },
  no_identifier: {
    title: 'Inloggen is niet gelukt',
    message: 'Het inlogmiddel gaf geen geldig burgerservicenummer door. U bent niet ingelogd.',
    error: 'access_denied',
    description: 'the identity provider did not identify the person by a valid BSN',
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
  ctx.body = upstreamErrorPage({
    title: failure.title,
    message: finished ? failure.message : `${failure.message} Ga terug naar de app en begin opnieuw.`,
    code: cause,
    back: finished && { href: finished.returnTo, clientName: finished.clientName },
  });
}
