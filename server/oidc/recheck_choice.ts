// The re-check of a token's choice: the acting person still known, and the mandate chosen at login (the token's
// `namens:mandate` authorization details) still valid against the registers and the clock. Every token surface asks
// this one function: findAccount (token exchange, refresh, userinfo) and introspection (refuse_ended_introspection.ts).
import { findAgent, type AgentRepositories } from '../domain/agents.ts';
import { dutchDate } from '../domain/dates.ts';
import { refusalOfChoice, type DecisionRule } from '../domain/decisions.ts';
import { confirmOption, type MandateIndex, type MandateRegister } from '../domain/mandate_index.ts';
import type { Agent } from '../domain/parties.ts';
import type { CatalogRepository } from '../domain/repositories.ts';
import { optionIdOf, type Choice } from './mandate_claims.ts';
import { MANDATE_DETAIL_TYPE } from './requested_service.ts';

export interface RecheckDeps extends AgentRepositories {
  catalog: CatalogRepository;
  index: MandateIndex;
  /** The registers read by primary key: which rule refuses a choice that no longer holds. */
  registers: MandateRegister;
  clock: () => Date;
}

/** A token's account and choice as they hold now; `choice` is undefined for a token that carries none (a plain login). */
export type Rechecked =
  | { ok: true; agent: Agent; choice: Choice | undefined }
  | { ok: false; reason: 'unknown_agent' }
  | { ok: false; reason: 'choice_no_longer_valid'; refusal: Refusal };

/** A refused re-check, for the decision log: who, for whom (when the registers still know), where, and the rule. */
export interface Refusal {
  agentId: string;
  principalId: string | null;
  serviceUuid: string | null;
  mandateId: string;
  rule: DecisionRule;
}

export type RecheckChoice = (accountId: string, rar: unknown) => Promise<Rechecked>;

type Detail = { type?: unknown; service?: { uuid?: unknown }; basis?: unknown; mandate_id?: unknown };

export function createRecheckChoice({ persons, employees, catalog, index, registers, clock }: RecheckDeps): RecheckChoice {
  async function recheck(agent: Agent, details: Detail[]): Promise<Choice | Refusal> {
    const serviceUuid = details[0]?.service?.uuid;
    const mandateId = optionIdOf(details as Array<{ basis?: unknown; mandate_id?: unknown }>);
    const refused = (rule: DecisionRule, principalId: string | null = null): Refusal => ({ agentId: agent.id, principalId, serviceUuid: typeof serviceUuid === 'string' ? serviceUuid : null, mandateId, rule });
    if (typeof serviceUuid !== 'string') return refused('no_mandate');
    const service = await catalog.findService(serviceUuid);
    if (!service) return refused('service_withdrawn');
    const today = dutchDate(clock());
    const option = await confirmOption(index, agent, service, mandateId, today);
    if (option) return { agent, service, option };
    // Off the happy path: read the chain again to name the rule that refuses it.
    const ids = details.map((detail) => detail.mandate_id).filter((id): id is string => typeof id === 'string');
    const links = ids.length ? await registers.findByIds(ids, service) : [];
    const ordered = ids.flatMap((id) => links.filter((link) => link.id === id));
    return refused(refusalOfChoice(ordered, ids.length, service, today), ordered[ordered.length - 1]?.principal.id ?? null);
  }

  return async function recheckChoice(accountId, rar) {
    const agent = await findAgent({ persons, employees }, accountId);
    if (!agent) return { ok: false, reason: 'unknown_agent' };
    const details = (Array.isArray(rar) ? (rar as Detail[]) : []).filter((detail) => detail?.type === MANDATE_DETAIL_TYPE);
    if (!details.length) return { ok: true, agent, choice: undefined };
    const checked = await recheck(agent, details);
    return 'option' in checked ? { ok: true, agent, choice: checked } : { ok: false, reason: 'choice_no_longer_valid', refusal: checked };
  };
}
