// What the upstream login actions share: their dependencies, the signed cookie that carries one login attempt from
// the login screen to the callback, and finishing an interaction found by its uid.
import type { Context } from 'koa';
import type Provider from 'oidc-provider';
import type { UpstreamPersonRepository } from '../domain/upstream_persons.ts';
import { saveResult, type InteractionDeps } from '../interactions/context.ts';
import type { Logger } from '../logger.ts';
import type { UpstreamLogins } from './upstream_logins.ts';

export interface UpstreamDeps extends InteractionDeps {
  issuer: string;
  upstreams: UpstreamLogins;
  upstreamPersons: UpstreamPersonRepository;
  logger: Logger;
}

export const CALLBACK_PATH = '/login/callback';
export const callbackUri = (issuer: string) => `${issuer}${CALLBACK_PATH}`;

/** One login attempt at an upstream, bound to this browser by a signed HttpOnly cookie (never logged). */
export interface UpstreamAttempt {
  uid: string;
  upstream: string;
  verifier: string;
  state: string;
  nonce: string;
  /** The eIDAS level the service or acr_values need, if any. */
  required: string | undefined;
  /** Epoch milliseconds after which the attempt is void. */
  exp: number;
}

export const ATTEMPT_COOKIE = 'namens_upstream_login';
export const ATTEMPT_MS = 10 * 60 * 1000;

function cookieOptions(ctx: Context, maxAge: number) {
  return { signed: true, httpOnly: true, sameSite: 'lax' as const, path: CALLBACK_PATH, secure: ctx.secure, maxAge, overwrite: true };
}

export function saveAttempt(ctx: Context, attempt: UpstreamAttempt): void {
  ctx.cookies.set(ATTEMPT_COOKIE, Buffer.from(JSON.stringify(attempt)).toString('base64url'), cookieOptions(ctx, ATTEMPT_MS));
}

/** This browser's attempt (and the cookie is cleared: an attempt is used once, whatever its outcome). */
export function takeAttempt(ctx: Context): UpstreamAttempt | undefined {
  const value = ctx.cookies.get(ATTEMPT_COOKIE, { signed: true });
  ctx.cookies.set(ATTEMPT_COOKIE, null, { ...cookieOptions(ctx, 0), maxAge: undefined, expires: new Date(0) });
  if (!value) return undefined;
  try {
    const attempt = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as UpstreamAttempt;
    return typeof attempt.uid === 'string' && typeof attempt.state === 'string' ? attempt : undefined;
  } catch {
    return undefined;
  }
}

type InteractionResult = Parameters<Provider['interactionResult']>[2];

/**
 * Ends the login step of interaction `uid` with `result` and returns where the browser continues (oidc-provider's
 * resume URL, which checks its own resume cookie), or undefined when the interaction is gone or past its login step.
 * provider.interactionResult finds the interaction by its cookie; that cookie is scoped to /interaction/<uid> and not
 * sent to the callback, so the uid comes from our signed attempt cookie instead.
 */
export async function finishLoginByUid(provider: Provider, uid: string, result: InteractionResult): Promise<{ returnTo: string; clientName: string } | undefined> {
  const interaction = await provider.Interaction.find(uid);
  if (!interaction || interaction.prompt.name !== 'login') return undefined;
  const returnTo = await saveResult(interaction, result, false);
  if (!returnTo) return undefined;
  const app = await provider.Client.find(String(interaction.params.client_id));
  return { returnTo, clientName: app?.clientName ?? String(interaction.params.client_id) };
}
