// findAccount: the acting person, and, when the token carries a chosen mandate, that choice checked again
// against the registers and the clock (recheck_choice.ts). A mandate revoked or expired since the choice yields no tokens.
import { errors, type Account, type FindAccount, type KoaContextWithOIDC } from 'oidc-provider';
import { randomUUID } from 'node:crypto';
import { claimsFor, type Choice } from './mandate_claims.ts';
import { subjectsFor } from './pairwise.ts';
import type { RecheckChoice, Refusal } from './recheck_choice.ts';

export interface FindAccountDeps {
  recheck: RecheckChoice;
  issuer: string;
  pairwiseSalt: string;
  /** The decision log: a choice the token endpoint's re-check refuses (the token endpoint is rate limited per client). */
  logRefusal?: (refusal: Refusal, clientId: string) => Promise<void>;
}

const choices = new WeakMap<object, Choice>();

/** The choice that findAccount confirmed during this request, for the audit log. */
export function confirmedChoice(ctx: KoaContextWithOIDC): Choice | undefined {
  return choices.get(ctx);
}

export function createFindAccount({ recheck, issuer, pairwiseSalt, logRefusal }: FindAccountDeps): FindAccount {
  return async function findAccount(ctx, sub, token): Promise<Account | undefined> {
    // A person by BSN, or an employee with the organisation the upstream vouched for at this login (still known).
    const rechecked = await recheck(sub, (token as { rar?: unknown } | undefined)?.rar);
    if (!rechecked.ok && rechecked.reason === 'unknown_agent') return undefined;
    if (!rechecked.ok) {
      const clientId = ctx.oidc.client?.clientId;
      if (logRefusal && clientId && ctx.oidc.route === 'token') await logRefusal(rechecked.refusal, clientId);
      const message = 'the mandate chosen at login is no longer valid (revoked, expired or changed); log in again';
      // Said to the app in error_description (oidc-provider keeps a grant error's detail to itself by default).
      const error = token?.kind === 'AccessToken' ? new errors.InvalidToken(message) : new errors.InvalidGrant(message);
      throw Object.assign(error, { error_description: message });
    }
    const { agent, choice } = rechecked;
    if (choice) choices.set(ctx, choice);

    const subjectOf = subjectsFor(ctx.oidc.client, pairwiseSalt);
    return {
      accountId: sub,
      claims: (use) => ({
        ...claimsFor(agent, choice, issuer, subjectOf),
        // NL GOV: every ID token carries a unique jti (oidc-provider gives ID tokens none of their own).
        ...(use === 'id_token' ? { jti: randomUUID() } : {}),
      }) as Awaited<ReturnType<Account['claims']>>,
    };
  };
}
