// The acting person found at an upstream identity provider, matched to a party of namens by BSN. A person namens
// does not know yet (no mandates in any register) is still a person who may act for themselves.
import { assertBsn, InvalidIdentifierError } from './identifiers.ts';
import type { Person } from './parties.ts';

export interface UpstreamPersonRepository {
  /** The person with this BSN; created (one transaction) with `name` when not known yet. */
  findOrCreate(bsn: string, name: string): Promise<Person>;
}

export interface UpstreamIdentity {
  bsn: string;
  name: string;
}

/** The BSN and a name from the upstream's claims, or a reason why they do not identify a person. */
export function identityFrom(
  claims: Record<string, unknown>,
  identifierClaim: string,
  nameClaim: string | undefined,
): { identity: UpstreamIdentity } | { problem: string } {
  const value = claims[identifierClaim];
  if (typeof value !== 'string' && typeof value !== 'number') return { problem: `the ID token has no ${identifierClaim} claim` };
  const bsn = String(value).padStart(typeof value === 'number' ? 9 : 0, '0');
  try {
    assertBsn(bsn);
  } catch (error) {
    if (error instanceof InvalidIdentifierError) return { problem: `the ${identifierClaim} claim is not a valid BSN` };
    throw error;
  }
  const named = nameClaim ? claims[nameClaim] : undefined;
  // A person known only by number gets a neutral name: names reach screens, summaries and pairwise clients' tokens.
  const name = typeof named === 'string' && named.trim() ? named.trim().slice(0, 200) : 'Naam onbekend';
  return { identity: { bsn, name } };
}
