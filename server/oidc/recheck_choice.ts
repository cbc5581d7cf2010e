// The re-check of a token's choice: the acting person still known, and the mandate chosen at login (the token's
// `namens:mandate` authorization details) still valid against the registers and the clock. Every token surface asks
// this one function: findAccount (token exchange, refresh, userinfo) and introspection (refuse_ended_introspection.ts).
import { findAgent, type AgentRepositories } from '../domain/agents.ts';
import { dutchDate } from '../domain/dates.ts';
import { confirmOption, type MandateIndex } from '../domain/mandate_index.ts';
import type { Agent } from '../domain/parties.ts';
import type { CatalogRepository } from '../domain/repositories.ts';
import { optionIdOf, type Choice } from './mandate_claims.ts';
import { MANDATE_DETAIL_TYPE } from './requested_service.ts';

export interface RecheckDeps extends AgentRepositories {
  catalog: CatalogRepository;
  index: MandateIndex;
  clock: () => Date;
}

/** A token's account and choice as they hold now; `choice` is undefined for a token that carries none (a plain login). */
export type Rechecked =
  | { ok: true; agent: Agent; choice: Choice | undefined }
  | { ok: false; reason: 'unknown_agent' | 'choice_no_longer_valid' };

export type RecheckChoice = (accountId: string, rar: unknown) => Promise<Rechecked>;

type Detail = { type?: unknown; service?: { uuid?: unknown }; basis?: unknown; mandate_id?: unknown };

export function createRecheckChoice({ persons, employees, catalog, index, clock }: RecheckDeps): RecheckChoice {
  async function recheck(agent: Agent, details: Detail[]): Promise<Choice | undefined> {
    const serviceUuid = details[0]?.service?.uuid;
    if (typeof serviceUuid !== 'string') return undefined;
    const service = await catalog.findService(serviceUuid);
    if (!service) return undefined;
    const option = await confirmOption(index, agent, service, optionIdOf(details), dutchDate(clock()));
    return option && { agent, service, option };
  }

  return async function recheckChoice(accountId, rar) {
    const agent = await findAgent({ persons, employees }, accountId);
    if (!agent) return { ok: false, reason: 'unknown_agent' };
    const details = (Array.isArray(rar) ? (rar as Detail[]) : []).filter((detail) => detail?.type === MANDATE_DETAIL_TYPE);
    if (!details.length) return { ok: true, agent, choice: undefined };
    const choice = await recheck(agent, details);
    return choice ? { ok: true, agent, choice } : { ok: false, reason: 'choice_no_longer_valid' };
  };
}
