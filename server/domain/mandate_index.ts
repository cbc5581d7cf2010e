// The mandate index: "which mandates may agent X use for service S at time T", across every register.
// The registers (persistence) answer indexed queries; the rules here decide.
import type { IsoDate } from './dates.ts';
import { mayLinkThrough, mayUseFor, type Mandate } from './mandates.ts';
import type { Agent } from './parties.ts';
import { isOffered, type Service } from './services.ts';
import { vouchedMandate } from './upstream_organisations.ts';

/**
 * One register's view: the mandates held by any of `agentIds` that may hold at `at` for `service`. It may return
 * more than the rules allow (the index applies them), but only mandates whose agent is one of `agentIds`.
 */
export interface MandateRegister {
  findHeldBy(agentIds: readonly string[], service: Service, at: IsoDate): Promise<Mandate[]>;
  /**
   * The mandates with these ids (by primary key), whatever their state: the re-check of a choice. `serviceUuids` need
   * only say whether each covers `service`.
   */
  findByIds(ids: readonly string[], service: Service): Promise<Mandate[]>;
}

export const SELF = 'self';

/** A choice on the selection screen: acting for oneself, or through one mandate or a chain of two. */
export type MandateOption =
  | { id: typeof SELF; kind: 'self' }
  | { id: string; kind: 'mandate'; links: [Mandate] | [Mandate, Mandate] };

/** An option's id: the mandate id, or the ids of a chain's links joined by a dot. */
export function optionId(links: readonly Mandate[]): string {
  return links.map((link) => link.id).join('.');
}

export function principalOf(option: Extract<MandateOption, { kind: 'mandate' }>): Mandate['principal'] {
  return option.links[option.links.length - 1]!.principal;
}

/** Acting for oneself: a person, where the service allows it. An employee (eHerkenning) has no self to act for here. */
export function mayActForSelf(agent: Agent, service: Service): boolean {
  return agent.kind === 'person' && service.selfAllowed;
}

export interface MandateIndex {
  /** Every option open to `agent` at `service` on `at`: oneself first (where allowed), then by represented name. */
  optionsFor(agent: Agent, service: Service, at: IsoDate): Promise<MandateOption[]>;
  /** The option with this id, if it is still open to `agent` for `service` on `at`. */
  findOption(agent: Agent, service: Service, id: string, at: IsoDate): Promise<MandateOption | undefined>;
}

export function createMandateIndex(registers: readonly MandateRegister[]): MandateIndex {
  const heldBy = async (agentIds: readonly string[], service: Service, at: IsoDate) =>
    (await Promise.all(registers.map((register) => register.findHeldBy(agentIds, service, at)))).flat();

  async function optionsFor(agent: Agent, service: Service, at: IsoDate): Promise<MandateOption[]> {
    // A person's mandates are in the registers; an employee holds only what the upstream vouched for at login (the
    // organisation), which then leads, like a company mandate, to the organisation's own mandates.
    const direct = agent.kind === 'person' ? await heldBy([agent.id], service, at) : [vouchedMandate(agent, at)];
    const throughOrganisations = direct.filter((mandate) => mayLinkThrough(mandate, service, at));
    // One more query for every organisation at once: the second link of each chain.
    const second = throughOrganisations.length
      ? await heldBy([...new Set(throughOrganisations.map((mandate) => mandate.principal.id))], service, at)
      : [];

    const options: Extract<MandateOption, { kind: 'mandate' }>[] = [];
    for (const mandate of direct) {
      if (mandate.agentId === agent.id && mayUseFor(mandate, service, at)) options.push({ id: optionId([mandate]), kind: 'mandate', links: [mandate] });
    }
    for (const first of throughOrganisations) {
      for (const next of second) {
        if (next.agentId === first.principal.id && next.basis !== 'company' && mayUseFor(next, service, at)) {
          options.push({ id: optionId([first, next]), kind: 'mandate', links: [first, next] });
        }
      }
    }
    options.sort((a, b) => principalOf(a).name.localeCompare(principalOf(b).name, 'nl') || a.id.localeCompare(b.id));
    return mayActForSelf(agent, service) ? [{ id: SELF, kind: 'self' }, ...options] : options;
  }

  /**
   * The option with this id, read by primary key (no lookup of everything the agent holds): each link must be one that
   * optionsFor would offer, by the same rules, on `at`.
   */
  async function findOption(agent: Agent, service: Service, id: string, at: IsoDate): Promise<MandateOption | undefined> {
    if (id === SELF) return mayActForSelf(agent, service) ? { id: SELF, kind: 'self' } : undefined;
    const ids = id.split('.');
    if (ids.length > 2 || ids.some((part) => part === '')) return undefined;
    // An employee's first link is what the upstream vouched for at this login; no register holds it.
    const vouched = agent.kind === 'employee' ? vouchedMandate(agent, at) : undefined;
    const wanted = ids.filter((part) => part !== vouched?.id);
    const found = wanted.length ? (await Promise.all(registers.map((register) => register.findByIds(wanted, service)))).flat() : [];
    // Ids are unique within a register, not always across them (an id given through the admin API): each link is the
    // one with that id that fits its place in the option.
    const isFirst = (mandate: Mandate) => (agent.kind === 'person' ? mandate.agentId === agent.id && mandate.vouchedBy === undefined : mandate === vouched);
    const firsts = ids[0] === vouched?.id ? [vouched!] : found.filter((mandate) => mandate.id === ids[0]);
    for (const first of firsts.filter(isFirst)) {
      if (ids.length === 1) {
        if (mayUseFor(first, service, at)) return { id: optionId([first]), kind: 'mandate', links: [first] };
        continue;
      }
      if (!mayLinkThrough(first, service, at)) continue;
      const second = found.find((mandate) => mandate.id === ids[1] && mandate.agentId === first.principal.id && mandate.basis !== 'company' && mayUseFor(mandate, service, at));
      if (second) return { id: optionId([first, second]), kind: 'mandate', links: [first, second] };
    }
    return undefined;
  }

  return { optionsFor, findOption };
}

/**
 * The re-check of a choice, wherever it is made or used again (the posted choice, consent, the token endpoint, userinfo,
 * introspection): the option with this id when it is still open to `agent` for `service` on `at`. A withdrawn service
 * offers nothing; acting for oneself only where the service allows it.
 */
export async function confirmOption(index: MandateIndex, agent: Agent, service: Service, id: string, at: IsoDate): Promise<MandateOption | undefined> {
  return isOffered(service) ? index.findOption(agent, service, id, at) : undefined;
}
