// The selection screen inside the login interaction (issue 18). A login that the selection prompt follows directly does
// not finish its interaction: it waits on it as the interaction's result ({ login, pending_login: <its uid> }), the same
// interaction shows the selection screen for that person, and the choice finishes both prompts in one resume (one
// session rotation instead of two, one request less).
// Only a first login with nothing else due: no live session (a step-up or a re-login goes through the provider), no
// id_token_hint, no essential acr or sub in the claims parameter, a level that the service and acr_values accept.
// Whatever else the login prompt asks, and an upstream login (its callback finishes as before), stays two prompts.
// A waiting login lives on its interaction only: another interaction, tab or browser never sees it, and a login post
// that does not succeed forgets it.
import type { Context, Next } from 'koa';
import { errors } from 'oidc-provider';
import { levelRank, requiredLevel } from '../domain/services.ts';
import { namesService } from '../oidc/requested_service.ts';
import type { InteractionDeps, Step } from './context.ts';

export type PendingLogin = {
  accountId: string;
  acr: string;
  amr: string[];
  /** When the password was checked (epoch seconds): the session's auth_time, not the moment of the choice. */
  ts: number;
};

/** The login prompt's reasons that a login of someone without a session answers in full. */
const ANSWERED_BY_A_LOGIN = new Set(['no_session', 'login_prompt', 'max_age']);

/** Whether a login at `acr` on this step is followed directly by the selection prompt, and may wait for it. */
export function selectionFollows(step: Step, acr: string): boolean {
  const { prompt, params, session } = step.details;
  return (
    prompt.name === 'login' &&
    !session?.accountId &&
    params.id_token_hint === undefined &&
    prompt.reasons.every((reason) => ANSWERED_BY_A_LOGIN.has(reason)) &&
    step.service !== undefined &&
    namesService(params) &&
    levelRank(acr) >= levelRank(requiredLevel(step.service.loa, params.acr_values) ?? acr)
  );
}

/** The login waiting on this step's interaction for the choice, if any (checked again as when it was saved). */
export function pendingLogin(step: Step): PendingLogin | undefined {
  const result = step.details.result as { login?: PendingLogin; pending_login?: string } | undefined;
  const login = result?.pending_login === step.uid ? result.login : undefined;
  return login?.accountId && selectionFollows(step, login.acr) ? login : undefined;
}

/** Saves the login on its interaction and sends the browser back to the same interaction: the selection screen. */
export async function waitForSelection(ctx: Context, step: Step, login: Omit<PendingLogin, 'ts'>): Promise<void> {
  const interaction = step.details;
  interaction.result = { login: { ...login, ts: Math.floor(Date.now() / 1000) }, pending_login: step.uid };
  await save(interaction);
  ctx.status = 303;
  ctx.redirect(`/interaction/${step.uid}`);
}

/**
 * In the login's pipeline, before its limits: a login post that does not end in a redirect (a wrong or missing field,
 * a spent limit, a bad CSRF token, an error) forgets the login that waited on the interaction.
 */
export function forgetPendingLoginUnlessLoggedIn(deps: InteractionDeps) {
  return async function forgetPendingLoginUnlessLoggedInAction(ctx: Context, next: Next) {
    try {
      await next();
    } finally {
      if (ctx.status !== 303) await forget(ctx, deps);
    }
  };
}

async function forget(ctx: Context, deps: InteractionDeps): Promise<void> {
  const interaction = await deps.provider.interactionDetails(ctx.req, ctx.res).catch(() => undefined);
  if (!interaction || interaction.uid !== ctx.params.uid || !(interaction.result as { pending_login?: string } | undefined)?.pending_login) return;
  interaction.result = undefined;
  await save(interaction).catch(() => undefined); // expired meanwhile: nothing is left to forget
}

async function save(interaction: Step['details']): Promise<void> {
  const ttl = interaction.exp - Math.floor(Date.now() / 1000);
  if (ttl <= 0) throw new errors.SessionNotFound('interaction expired');
  await interaction.save(ttl);
}
