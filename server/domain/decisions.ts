// The decision rule of the decision API (AuthZEN): may this person act for this party at this service, on this day?
// It asks the very mandate index the selection screen and the token re-check ask (mandate_index.ts), and names the
// deciding rule; a refusal is the rule of mandates.ts that refuses (refusalOf), never a second copy of the rules.
import type { IsoDate } from './dates.ts';
import { mayActForSelf, principalOf, type MandateIndex, type MandateOption } from './mandate_index.ts';
import { MANDATE_REFUSALS, mayUseFor, refusalOf, type Mandate, type MandateRefusal } from './mandates.ts';
import type { Party, Person } from './parties.ts';
import { isOffered, levelRank, type Service } from './services.ts';

/** What the decision API needs beyond the index: reads by principal, between two parties, and of a party. */
export interface DecisionRegisters {
  /** Every mandate of `agentId` for `principalId`, whatever its state: the candidates whose refusal is named. */
  findBetween(agentId: string, principalId: string, service: Service): Promise<Mandate[]>;
  /** The mandates held for any of `principalIds` that may hold at `at` for `service`, each with its agent. */
  findHeldFor(principalIds: readonly string[], service: Service, at: IsoDate): Promise<Array<{ mandate: Mandate; agent: Party }>>;
  findParty(kind: 'BSN' | 'KvK', identifier: string): Promise<Party | undefined>;
}

/** The rule that decided. A permit: one of the first two; a deny: one of the others. */
export type DecisionRule =
  | 'mandate_holds'
  | 'acting_for_self'
  | 'no_mandate'
  | 'self_not_allowed'
  | 'service_withdrawn'
  | 'level_too_low'
  | MandateRefusal;

/** The mandate (or chain) that permits, as the claims describe it. */
export interface DecisionMandate {
  mandateId: string;
  basis: Mandate['basis'] | 'self';
  representationType: Mandate['legalType'];
  professional: boolean | null;
  validFrom: IsoDate | null;
  validUntil: IsoDate | null;
}

export interface Decision {
  decision: boolean;
  rule: DecisionRule;
  mandate?: DecisionMandate;
}

export interface AccessQuestion {
  /** The acting person; undefined when namens does not know them (then nothing permits). */
  agent: Person | undefined;
  /** The represented party; undefined when unknown. */
  principal: Party | undefined;
  service: Service;
  at: IsoDate;
  /** The level of assurance the person logged in with, when the caller says: below the service's level denies. */
  acr?: string;
}

export interface DecisionDeps {
  index: MandateIndex;
  registers: DecisionRegisters;
}

/** The permitting mandate of an option: its last link (the one that reaches the principal), its id the option's. */
export function describeOption(option: MandateOption): DecisionMandate {
  if (option.kind === 'self') return { mandateId: option.id, basis: 'self', representationType: null, professional: null, validFrom: null, validUntil: null };
  const last = option.links[option.links.length - 1]!;
  return { mandateId: option.id, basis: last.basis, representationType: last.legalType, professional: last.professional, validFrom: last.validFrom, validUntil: last.validUntil };
}

/** Of several refused mandates between the same two parties, the refusal of the one that came closest to holding. */
function refusalToName(candidates: Mandate[], service: Service, at: IsoDate): MandateRefusal | undefined {
  const refusals = candidates.map((mandate) => refusalOf(mandate, service, at)).filter((refusal): refusal is MandateRefusal => refusal !== undefined);
  return refusals.sort((a, b) => MANDATE_REFUSALS.indexOf(b) - MANDATE_REFUSALS.indexOf(a))[0];
}

/** May `agent` act for `principal` at `service` on `at`, and which rule says so? */
export async function decideAccess({ index, registers }: DecisionDeps, { agent, principal, service, at, acr }: AccessQuestion): Promise<Decision> {
  if (!agent || !principal) return { decision: false, rule: 'no_mandate' };
  if (!isOffered(service)) return { decision: false, rule: 'service_withdrawn' };
  const belowLevel = acr !== undefined && levelRank(acr) < levelRank(service.loa);
  if (principal.id === agent.id) {
    if (!mayActForSelf(agent, service)) return { decision: false, rule: 'self_not_allowed' };
    return belowLevel ? { decision: false, rule: 'level_too_low' } : { decision: true, rule: 'acting_for_self', mandate: describeOption({ id: 'self', kind: 'self' }) };
  }
  // The selection screen's own question: every option open to this person at this service today.
  const options = await index.optionsFor(agent, service, at);
  const option = options.find((candidate) => candidate.kind === 'mandate' && principalOf(candidate).id === principal.id);
  if (option) {
    return belowLevel ? { decision: false, rule: 'level_too_low', mandate: describeOption(option) } : { decision: true, rule: 'mandate_holds', mandate: describeOption(option) };
  }
  const refusal = refusalToName(await registers.findBetween(agent.id, principal.id, service), service, at);
  return { decision: false, rule: refusal ?? 'no_mandate' };
}

export interface Represented {
  principal: Party;
  mandate: DecisionMandate;
}

/** Resource search: every party `agent` may act for at `service` on `at` (oneself first where allowed), as the selection screen lists them. */
export async function partiesActedFor({ index }: Pick<DecisionDeps, 'index'>, agent: Person, service: Service, at: IsoDate): Promise<Represented[]> {
  if (!isOffered(service)) return [];
  const options = await index.optionsFor(agent, service, at);
  return options.map((option) => ({ principal: option.kind === 'self' ? agent : principalOf(option), mandate: describeOption(option) }));
}

export interface Representative {
  agent: Party;
  mandate: DecisionMandate;
}

/**
 * Subject search: every person who may act for `principal` at `service` on `at` through a mandate the registers hold
 * for it (by the same rule, mayUseFor), sorted by name. Chains through an organisation are not searched.
 */
export async function representativesOf({ registers }: Pick<DecisionDeps, 'registers'>, principal: Party, service: Service, at: IsoDate): Promise<Representative[]> {
  if (!isOffered(service)) return [];
  const held = await registers.findHeldFor([principal.id], service, at);
  return held
    .filter(({ mandate, agent }) => agent.kind === 'person' && mandate.principal.id === principal.id && mayUseFor(mandate, service, at))
    .map(({ mandate, agent }) => ({ agent, mandate: describeOption({ id: mandate.id, kind: 'mandate', links: [mandate] }) }))
    .sort((a, b) => a.agent.name.localeCompare(b.agent.name, 'nl') || a.mandate.mandateId.localeCompare(b.mandate.mandateId));
}

/**
 * Why a choice made at login no longer holds (the token endpoint's re-check): the first link of the chain that the
 * registers no longer have (no_mandate) or that a rule of mandates.ts refuses; `links` are the chain's mandates as the
 * registers hold them now, `expected` how many the choice had.
 */
export function refusalOfChoice(links: readonly Mandate[], expected: number, service: Service, at: IsoDate): DecisionRule {
  if (!isOffered(service)) return 'service_withdrawn';
  if (links.length < expected) return 'no_mandate';
  for (const link of links) {
    const refusal = refusalOf(link, service, at);
    if (refusal) return refusal;
  }
  return 'no_mandate';
}

/** A caller (a service provider's back office) may ask about the services of its own service providers only. */
export function mayAskAbout(service: Service, serviceProviderIds: readonly string[]): boolean {
  return serviceProviderIds.includes(service.providerId);
}
