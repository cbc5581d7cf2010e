// The acting employee found at an organisation upstream (eHerkenning through an OIDC broker): known by the upstream's
// pseudonymous `sub` (eHerkenning gives no BSN), acting for the organisation whose KvK number the upstream vouches
// for. The organisation is matched to a party of namens by KvK number, or created; so is the employee, by
// (upstream, sub). What the upstream vouched for holds for this login only: it becomes the first link of every option.
import type { IsoDate } from './dates.ts';
import { assertKvk, InvalidIdentifierError } from './identifiers.ts';
import type { Mandate } from './mandates.ts';
import type { Employee } from './parties.ts';

/** The name of an organisation or employee the upstream did not name. */
export const UNKNOWN_NAME = 'Naam onbekend';

export interface OrganisationIdentity {
  /** The upstream's `sub`: a pseudonym of the employee, stored to recognise them again, never put in a token. */
  subject: string;
  name: string;
  kvk: string;
  organisationName: string;
}

export interface UpstreamEmployeeRepository {
  /**
   * The employee known by (upstream, subject), acting for the organisation with this KvK number; the organisation
   * and the employee are created (one transaction) when not known yet. A known organisation keeps its name.
   */
  findOrCreate(upstream: string, identity: OrganisationIdentity): Promise<Employee>;
  /** The employee with this party id acting for the organisation with this party id; undefined when either is gone. */
  find(employeeId: string, organisationId: string): Promise<Employee | undefined>;
}

/** Longest upstream `sub` accepted (OIDC allows 255 ASCII characters). */
const MAX_SUBJECT = 255;

const nameOf = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim().slice(0, 200) : undefined);

/** The employee's pseudonym, the organisation's KvK number and the names from the upstream's claims, or why not. */
export function organisationIdentityFrom(
  claims: Record<string, unknown>,
  claimNames: { identifier_claim: string; name_claim?: string | undefined; organisation_name_claim?: string | undefined },
): { identity: OrganisationIdentity } | { problem: string } {
  const subject = claims.sub;
  if (typeof subject !== 'string' || !subject || subject.length > MAX_SUBJECT) return { problem: 'the ID token has no usable sub' };
  const value = claims[claimNames.identifier_claim];
  if (typeof value !== 'string' && typeof value !== 'number') return { problem: `the ID token has no ${claimNames.identifier_claim} claim` };
  const kvk = String(value).padStart(typeof value === 'number' ? 8 : 0, '0');
  try {
    assertKvk(kvk);
  } catch (error) {
    if (error instanceof InvalidIdentifierError) return { problem: `the ${claimNames.identifier_claim} claim is not a valid KvK number` };
    throw error;
  }
  return {
    identity: {
      subject,
      kvk,
      name: (claimNames.name_claim && nameOf(claims[claimNames.name_claim])) || UNKNOWN_NAME,
      organisationName: (claimNames.organisation_name_claim && nameOf(claims[claimNames.organisation_name_claim])) || UNKNOWN_NAME,
    },
  };
}

/**
 * What the upstream vouched for, as the first link of the employee's options: company representation of the
 * organisation, for every service, on the day it is used (it holds for the login, and is never stored in a register).
 * Its id names the upstream and the KvK number, so the choice can be recognised again at the token endpoint.
 */
export function vouchedMandate(employee: Employee, at: IsoDate): Mandate {
  return {
    id: `${employee.upstream}:${employee.actsFor.kvk}`,
    basis: 'company',
    agentId: employee.id,
    principal: employee.actsFor,
    legalType: null,
    professional: null,
    validFrom: at,
    validUntil: at,
    serviceUuids: null,
    status: null,
    vouchedBy: employee.upstream,
  };
}
