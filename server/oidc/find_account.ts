// findAccount: the acting person, and, when the token carries a chosen mandate, that choice checked again
// against the registers and the clock. A mandate revoked or expired since the choice yields no tokens.
import { errors, type Account, type FindAccount, type KoaContextWithOIDC } from 'oidc-provider';
import { dutchDate } from '../domain/dates.ts';
import { findAgent, type AgentRepositories } from '../domain/agents.ts';
import { confirmOption, type MandateIndex } from '../domain/mandate_index.ts';
import type { CatalogRepository } from '../domain/repositories.ts';
import { randomUUID } from 'node:crypto';
import { claimsFor, optionIdOf, type Choice } from './mandate_claims.ts';
import { subjectsFor } from './pairwise.ts';
import { MANDATE_DETAIL_TYPE } from './requested_service.ts';

export interface FindAccountDeps extends AgentRepositories {
  catalog: CatalogRepository;
  index: MandateIndex;
  issuer: string;
  pairwiseSalt: string;
  clock: () => Date;
}

type Detail = { type: string; service?: { uuid?: unknown }; basis?: unknown; mandate_id?: unknown };

const choices = new WeakMap<object, Choice>();

/** The choice that findAccount confirmed during this request, for the audit log. */
export function confirmedChoice(ctx: KoaContextWithOIDC): Choice | undefined {
  return choices.get(ctx);
}

export function createFindAccount({ persons, employees, catalog, index, issuer, pairwiseSalt, clock }: FindAccountDeps): FindAccount {
  async function recheck(agent: Choice['agent'], details: Detail[]): Promise<Choice | undefined> {
    const serviceUuid = details[0]?.service?.uuid;
    if (typeof serviceUuid !== 'string') return undefined;
    const service = await catalog.findService(serviceUuid);
    if (!service) return undefined;
    const option = await confirmOption(index, agent, service, optionIdOf(details), dutchDate(clock()));
    return option && { agent, service, option };
  }

  return async function findAccount(ctx, sub, token): Promise<Account | undefined> {
    // A person by BSN, or an employee with the organisation the upstream vouched for at this login (still known).
    const agent = await findAgent({ persons, employees }, sub);
    if (!agent) return undefined;

    const details = ((token as { rar?: Detail[] } | undefined)?.rar ?? []).filter((detail) => detail.type === MANDATE_DETAIL_TYPE);
    let choice: Choice | undefined;
    if (details.length) {
      choice = await recheck(agent, details);
      if (!choice) {
        const message = 'the mandate chosen at login is no longer valid (revoked, expired or changed); log in again';
        // Said to the app in error_description (oidc-provider keeps a grant error's detail to itself by default).
        const error = token?.kind === 'AccessToken' ? new errors.InvalidToken(message) : new errors.InvalidGrant(message);
        throw Object.assign(error, { error_description: message });
      }
      choices.set(ctx, choice);
    }

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
