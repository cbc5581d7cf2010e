// Two mandates that say the same thing at the same time: the same agent for the same principal, in the same register,
// for the same kind of legal representation or for a service both cover, on a day both hold, neither ended. A register
// holds no such twins: the admin API answers 409, an import rejects the line, /mijn says the service is already covered.
// Otherwise the selection screen would list the same person twice for one service.
import type { Register } from './register_records.ts';
import type { LegalType } from './services.ts';
import { overlapsInTime, type Validity } from './validity.ts';

/** What the duplicate rule compares of a mandate, written or about to be. */
export interface MandateTerms extends Validity {
  /** null for a mandate not yet written. */
  id: string | null;
  sourceRecordId: string | null;
  register: Register;
  agentId: string;
  principalId: string;
  legalType: LegalType | null;
  /** The services it covers; null: every service (a company mandate without a list, and legal ones by domain). */
  serviceUuids: readonly string[] | null;
  /** Revoked, declined or ended in its register. */
  ended: boolean;
}

/** The services both cover (every service: `null`), or an empty list when they share none. */
function sharedServices(a: MandateTerms, b: MandateTerms): readonly string[] | null {
  if (a.serviceUuids === null) return b.serviceUuids;
  if (b.serviceUuids === null) return a.serviceUuids;
  return a.serviceUuids.filter((uuid) => b.serviceUuids!.includes(uuid));
}

function sameRecord(a: MandateTerms, b: MandateTerms): boolean {
  return (a.id !== null && a.id === b.id) || (a.sourceRecordId !== null && a.sourceRecordId === b.sourceRecordId);
}

/** Whether `other` says what `candidate` says, at a time both hold. A record is no twin of itself (re-imported by source id). */
export function isDuplicate(candidate: MandateTerms, other: MandateTerms): boolean {
  if (other.ended || candidate.ended || sameRecord(candidate, other)) return false;
  if (candidate.register !== other.register || candidate.agentId !== other.agentId || candidate.principalId !== other.principalId) return false;
  if (!overlapsInTime(candidate, other)) return false;
  if (candidate.register === 'legal') return candidate.legalType === other.legalType;
  const shared = sharedServices(candidate, other);
  return shared === null || shared.length > 0;
}

/** The mandates of `existing` that `candidate` would duplicate. */
export function duplicatesOf(candidate: MandateTerms, existing: readonly MandateTerms[]): MandateTerms[] {
  return existing.filter((other) => isDuplicate(candidate, other));
}

/** The services of `candidate` that its duplicates already cover (all of its services when one covers every service). */
export function coveredServices(candidate: MandateTerms, existing: readonly MandateTerms[]): string[] {
  const covered = new Set<string>();
  for (const other of duplicatesOf(candidate, existing)) {
    for (const uuid of sharedServices(candidate, other) ?? candidate.serviceUuids ?? []) covered.add(uuid);
  }
  return [...covered].sort();
}
