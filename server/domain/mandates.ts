// Mandates from the three registers, and the rules that decide whether one may be used for a service.
import { ageOn, type IsoDate } from './dates.ts';
import { holdsOverMinorsOnly, isMinorOn } from './minors.ts';
import { holdsOn } from './validity.ts';
import type { Party } from './parties.ts';
import type { Basis, LegalType, Service } from './services.ts';

export type MandateSource = 'voluntary-register' | 'legal-register' | 'company-register';
export type VoluntaryStatus = 'pending' | 'active' | 'revoked';

export const SOURCE_OF: Record<Basis, MandateSource> = {
  voluntary: 'voluntary-register',
  legal: 'legal-register',
  company: 'company-register',
};

/** One right of an agent to act for a principal, as a register holds it. */
export interface Mandate {
  id: string;
  basis: Basis;
  agentId: string;
  principal: Party;
  /** For legal mandates the kind of representation; null otherwise. */
  legalType: LegalType | null;
  /** For legal mandates whether the representative acts professionally; null otherwise. */
  professional: boolean | null;
  validFrom: IsoDate;
  /** Last day on which the mandate holds; null when open-ended. */
  validUntil: IsoDate | null;
  /** Voluntary and company mandates list services (null: every service); legal ones go by domain. */
  serviceUuids: string[] | null;
  status: VoluntaryStatus | null;
  /**
   * Set on a link no register holds: the one an upstream identity provider vouched for at login (eHerkenning: this
   * employee may act for this organisation). Its id; the claims name it as the link's source.
   */
  vouchedBy?: string;
}

/** The domains each kind of legal representation covers; `*` is every domain. */
export const LEGAL_TYPE_DOMAINS: Record<LegalType, readonly string[]> = {
  bewind: ['financial'],
  mentorschap: ['care', 'personal'],
  curatele: ['financial', 'care', 'personal'],
  ouderlijk_gezag: ['*'],
  voogdij: ['*'],
};

/** The domains a legal mandate of this type covers (`*`: every domain). */
export function domainsOfLegalType(type: LegalType): readonly string[] {
  return LEGAL_TYPE_DOMAINS[type];
}

export function isCurrent(mandate: Mandate, at: IsoDate): boolean {
  if (mandate.status !== null && mandate.status !== 'active') return false;
  return holdsOn(mandate, at);
}

export function coversService(mandate: Mandate, service: Service): boolean {
  if (mandate.basis !== 'legal') return mandate.serviceUuids === null || mandate.serviceUuids.includes(service.uuid);
  const type = mandate.legalType as LegalType;
  if (service.legalTypes !== null && !service.legalTypes.includes(type)) return false;
  const domains = LEGAL_TYPE_DOMAINS[type];
  return domains.includes('*') || service.domains.some((domain) => domains.includes(domain));
}

function principalQualifies(mandate: Mandate, service: Service, at: IsoDate): boolean {
  const { principal } = mandate;
  const needsMinor = service.maxMinorAge !== null || holdsOverMinorsOnly(mandate.legalType);
  if (!needsMinor) return true;
  if (principal.kind !== 'person' || !isMinorOn(principal, at)) return false;
  return service.maxMinorAge === null || ageOn(principal.birthDate!, at) <= service.maxMinorAge;
}

/**
 * Why a mandate may not be used for a service on a day: the first rule it fails, in the order they are checked (what
 * the mandate is for, then its state, then its days, then whom it is for). A refusal later in this list means the
 * mandate came closer to holding.
 */
export const MANDATE_REFUSALS = [
  'basis_not_accepted',
  'service_not_covered',
  'mandate_pending',
  'mandate_revoked',
  'mandate_not_yet_valid',
  'mandate_ended',
  'principal_not_qualified',
] as const;
export type MandateRefusal = (typeof MANDATE_REFUSALS)[number];

/**
 * The rule that refuses this mandate, at `at`, for `service`; undefined when it may be used. The one statement of the
 * rules: mayUseFor is "no refusal", and the decision API (decisions.ts) names the refusal as the deciding rule.
 */
export function refusalOf(mandate: Mandate, service: Service, at: IsoDate): MandateRefusal | undefined {
  if (!service.bases.includes(mandate.basis)) return 'basis_not_accepted';
  if (!coversService(mandate, service)) return 'service_not_covered';
  if (mandate.status === 'pending') return 'mandate_pending';
  if (mandate.status !== null && mandate.status !== 'active') return 'mandate_revoked';
  if (at < mandate.validFrom) return 'mandate_not_yet_valid';
  if (!holdsOn(mandate, at)) return 'mandate_ended';
  if (!principalQualifies(mandate, service, at)) return 'principal_not_qualified';
  return undefined;
}

/** May this mandate be used, at `at`, to act for its principal at `service`? */
export function mayUseFor(mandate: Mandate, service: Service, at: IsoDate): boolean {
  return refusalOf(mandate, service, at) === undefined;
}

/**
 * May this company mandate carry its agent to the organisation's own mandates (the first link of a chain)?
 * It must be current and cover the service; the service need not accept the company basis itself.
 */
export function mayLinkThrough(mandate: Mandate, service: Service, at: IsoDate): boolean {
  return mandate.basis === 'company' && mandate.principal.kind === 'organisation' && isCurrent(mandate, at) && coversService(mandate, service);
}
