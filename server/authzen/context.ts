// What every action of the decision API needs: its dependencies, and the reading of an AuthZEN request into the
// domain's terms (the acting person, the represented party, the service, the day) and of a decision into the
// profile's response. Which service a caller may ask about, and what is decided, is the domain's (decisions.ts).
import { randomBytes } from 'node:crypto';
import type Provider from 'oidc-provider';
import { dutchDate, type IsoDate } from '../domain/dates.ts';
import { mayAskAbout, type Decision, type DecisionMandate, type DecisionRegisters } from '../domain/decisions.ts';
import { isBsn, SUB_ID_TYPES } from '../domain/identifiers.ts';
import type { MandateIndex } from '../domain/mandate_index.ts';
import type { Party, Person } from '../domain/parties.ts';
import type { CatalogRepository, DecisionLog } from '../domain/repositories.ts';
import { SERVICE_SCOPE_PREFIX, type Service } from '../domain/services.ts';
import { Forbidden, InvalidRequest } from '../errors.ts';
import type { ClientRepository } from '../persistence/client_repository.ts';
import { catalog as messages } from '../../views/messages/index.ts';
import type { Caller } from './authenticate_caller.ts';

export interface AuthzenDeps {
  provider: Provider;
  clients: ClientRepository;
  issuer: string;
  catalog: CatalogRepository;
  index: MandateIndex;
  registers: DecisionRegisters;
  decisionLog: DecisionLog;
  clock: () => Date;
}

export interface Entity {
  type: string;
  id: string;
  properties?: Record<string, unknown>;
}

export interface RequestContext {
  time?: string;
  traceparent?: string;
  acr?: string;
}

/** The service the action names (UUID, urn:uuid:<uuid> or URN id), when it is one of the caller's own providers'. */
export async function serviceOf(deps: AuthzenDeps, caller: Caller, name: string): Promise<Service> {
  const reference = name.startsWith(SERVICE_SCOPE_PREFIX) ? name.slice(SERVICE_SCOPE_PREFIX.length) : name;
  const service = await deps.catalog.findService(reference);
  if (!service) throw new InvalidRequest(`action.name ${JSON.stringify(name.slice(0, 200))} is no service of the catalog (see /catalog/services)`);
  if (!mayAskAbout(service, caller.serviceProviderIds)) {
    throw new Forbidden(`action.name ${JSON.stringify(name.slice(0, 200))} is a service of another service provider: a caller may ask about its own services only`, 'access_denied');
  }
  return service;
}

/** The party an entity names: undefined when namens does not know it (nothing permits then); 400 for an invalid BSN. */
export async function partyOf(deps: AuthzenDeps, entity: Entity, pointer: string): Promise<Party | undefined> {
  if (entity.type === SUB_ID_TYPES.BSN) {
    if (!isBsn(entity.id)) throw new InvalidRequest(`${pointer}/id is no valid BSN (9 digits, eleven-test)`);
    return deps.registers.findParty('BSN', entity.id);
  }
  if (!/^[0-9]{8}$/.test(entity.id)) throw new InvalidRequest(`${pointer}/id is no KvK number (8 digits)`);
  return deps.registers.findParty('KvK', entity.id);
}

/** The acting person an entity names: a person (an organisation never acts itself here). */
export async function personOf(deps: AuthzenDeps, entity: Entity, pointer: string): Promise<Person | undefined> {
  const party = await partyOf(deps, entity, pointer);
  return party?.kind === 'person' ? party : undefined;
}

/** The Dutch calendar day the question is about: that of context.time, or today. */
export function dayOf(deps: AuthzenDeps, context: RequestContext | undefined): IsoDate {
  if (context?.time === undefined) return dutchDate(deps.clock());
  const moment = new Date(context.time);
  if (Number.isNaN(moment.getTime())) throw new InvalidRequest('context/time is no RFC 3339 date-time');
  return dutchDate(moment);
}

/** The request's W3C trace context (context.traceparent, else the traceparent header), or a new one. */
export function traceOf(header: string, context: RequestContext | undefined): { traceId: string; spanId: string } {
  const parent = /^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/.exec(context?.traceparent ?? header);
  return parent ? { traceId: parent[1]!, spanId: parent[2]! } : { traceId: randomBytes(16).toString('hex'), spanId: randomBytes(8).toString('hex') };
}

/** The mandate that permits, in the claims' field names. */
export function mandateJson(mandate: DecisionMandate) {
  return {
    mandate_id: mandate.mandateId,
    basis: mandate.basis,
    ...(mandate.representationType ? { representation_type: mandate.representationType } : {}),
    ...(mandate.professional !== null ? { professional: mandate.professional } : {}),
    ...(mandate.validFrom ? { valid_from: mandate.validFrom } : {}),
    ...(mandate.validUntil ? { valid_until: mandate.validUntil } : {}),
  };
}

/** A decision as the profile answers it: `decision`, and a context naming the deciding rule (and, on deny, why, for admins and users). */
export function decisionJson(decision: Decision) {
  if (decision.decision) return { decision: true, context: { rule: decision.rule, ...(decision.mandate ? { mandate: mandateJson(decision.mandate) } : {}) } };
  const reason = (locale: 'nl' | 'en') => messages(locale).decisions.rules[decision.rule] ?? decision.rule;
  return { decision: false, context: { rule: decision.rule, reason_admin: { en: reason('en') }, reason_user: { nl: reason('nl'), en: reason('en') } } };
}

/** The entity type of a party: a person by BSN, an organisation by KvK number. */
export function entityTypeOf(party: Party): string {
  return party.kind === 'person' ? SUB_ID_TYPES.BSN : SUB_ID_TYPES.KvK;
}

/** An entity in a search result, with its name and mandate. */
export function partyJson(party: Party, mandate: DecisionMandate) {
  return { type: entityTypeOf(party), id: party.kind === 'person' ? party.bsn : party.kvk, properties: { name: party.name, ...mandateJson(mandate) } };
}
