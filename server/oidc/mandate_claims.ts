// The claims contract (DESIGN.md, "Claims"): `sub` is the acting person, `represents` whom they act for
// (nested along a chain), `authorization_details` what was chosen, in RFC 9396 form.
import { SELF, type MandateOption } from '../domain/mandate_index.ts';
import { SOURCE_OF, type Mandate } from '../domain/mandates.ts';
import type { Agent } from '../domain/parties.ts';
import type { Service } from '../domain/services.ts';
import { summarise } from '../domain/summary.ts';
import type { SubjectOf } from './pairwise.ts';
import { accountIdOf } from '../domain/agents.ts';
import { SUB_ID_TYPES } from '../domain/identifiers.ts';
import { MANDATE_DETAIL_TYPE } from './requested_service.ts';

/** What the person chose for a service: the chosen option with everything the claims need. */
export interface Choice {
  agent: Agent;
  service: Service;
  option: MandateOption;
}

export interface MandateDetail {
  type: typeof MANDATE_DETAIL_TYPE;
  service: { uuid: string; id: string; name: string };
  basis: 'self' | Mandate['basis'];
  mandate_id?: string;
  representation_type?: string | null;
  professional?: boolean | null;
  source?: string;
  valid_from?: string;
  valid_until?: string | null;
  summary: { nl: string; en: string };
}

export function authorizationDetails({ agent, service, option }: Choice): MandateDetail[] {
  const summary = summarise(agent, option, service);
  const serviceRef = { uuid: service.uuid, id: service.id, name: service.name.nl };
  if (option.kind === 'self') return [{ type: MANDATE_DETAIL_TYPE, service: serviceRef, basis: SELF, summary }];
  return option.links.map((link) => ({
    type: MANDATE_DETAIL_TYPE,
    service: serviceRef,
    mandate_id: link.id,
    basis: link.basis,
    representation_type: link.legalType,
    professional: link.professional,
    // A register, or the upstream that vouched for the link at login (eHerkenning).
    source: link.vouchedBy ?? SOURCE_OF[link.basis],
    valid_from: link.validFrom,
    valid_until: link.validUntil,
    summary,
  }));
}

/** The option id recorded in a grant's authorization details: "self", a mandate id, or a chain's ids joined by dots. */
export function optionIdOf(details: ReadonlyArray<{ basis?: unknown; mandate_id?: unknown }>): string {
  return details[0]?.basis === SELF ? SELF : details.map((detail) => String(detail.mandate_id)).join('.');
}

interface Represents {
  sub: string;
  sub_id_type: string;
  iss: string;
  name: string;
  represents?: Represents;
}

function representsChain(links: readonly Mandate[], issuer: string, subjectOf: SubjectOf): Represents {
  const [first, ...rest] = links as [Mandate, ...Mandate[]];
  return {
    ...subjectOf(first.principal),
    iss: issuer,
    name: first.principal.name,
    ...(rest.length ? { represents: representsChain(rest, issuer, subjectOf) } : {}),
  };
}

/**
 * The ID token and userinfo claims of a login: the acting person, and the choice when a service was named.
 * `sub` is the account id: the BSN, which oidc-provider itself replaces with the pseudonym for pairwise clients; for an
 * employee (eHerkenning) always a pseudonym (pseudonymise_employees.ts). An employee who named no service still
 * represents the organisation the upstream vouched for.
 */
export function claimsFor(agent: Agent, choice: Choice | undefined, issuer: string, subjectOf: SubjectOf): Record<string, unknown> {
  const claims: Record<string, unknown> = {
    sub: accountIdOf(agent),
    sub_id_type: agent.kind === 'person' ? subjectOf(agent).sub_id_type : SUB_ID_TYPES.Pseudonym,
  };
  if (!choice) {
    if (agent.kind === 'employee') claims.represents = { ...subjectOf(agent.actsFor), iss: issuer, name: agent.actsFor.name };
    return claims;
  }
  claims.authorization_details = authorizationDetails(choice);
  if (choice.option.kind === 'mandate') claims.represents = representsChain(choice.option.links, issuer, subjectOf);
  return claims;
}
