// Pairwise pseudonyms (NL GOV: `urn:nl-eid-gdi:1.0:id:Pseudonym`) for clients that may not receive BSNs: the same
// person gets the same pseudonym at every client of one sector, and pseudonyms of two sectors cannot be linked
// without the salt. Used for the acting person (oidc-provider's `sub`) and for represented persons alike.
import { createHmac } from 'node:crypto';
import { SUB_ID_TYPES } from '../domain/identifiers.ts';
import type { Party } from '../domain/parties.ts';

export type SubjectOf = (party: Party) => { sub: string; sub_id_type: string };

export function pairwisePseudonym(salt: string, sector: string, bsn: string): string {
  return createHmac('sha256', salt).update(`${sector}\u0000${bsn}`).digest('base64url');
}

/**
 * How a client sees parties: BSNs for clients that may receive them (domain/bsn_policy.ts; the others are made pairwise
 * in adapter.ts), pseudonyms for persons otherwise. KvK numbers are public.
 */
export function subjectsFor(client: SubjectClient | undefined, salt: string): SubjectOf {
  const sector = client?.subjectType === 'pairwise' ? sectorOf(client) : undefined;
  return (party) => {
    if (party.kind === 'organisation') return { sub: party.kvk, sub_id_type: SUB_ID_TYPES.KvK };
    if (sector === undefined) return { sub: party.bsn, sub_id_type: SUB_ID_TYPES.BSN };
    return { sub: pairwisePseudonym(salt, sector, party.bsn), sub_id_type: SUB_ID_TYPES.Pseudonym };
  };
}

type SubjectClient = { subjectType?: string; sectorIdentifier?: string; redirectUris?: readonly string[]; clientId?: string };

/** The sector of a client: its sector identifier, else its first redirect URI's host (as oidc-provider does for pairwise ones). */
export function sectorOf(client: SubjectClient): string {
  if (client.sectorIdentifier) return client.sectorIdentifier;
  const redirectUri = client.redirectUris?.[0];
  return redirectUri ? new URL(redirectUri).host : `client:${client.clientId ?? ''}`;
}
