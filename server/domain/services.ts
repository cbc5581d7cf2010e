// The service catalog: what apps offer, and on which grounds it may be used on someone's behalf.

export type Basis = 'voluntary' | 'legal' | 'company';
export type LegalType = 'curatele' | 'bewind' | 'mentorschap' | 'ouderlijk_gezag' | 'voogdij';
export const LEGAL_TYPES: readonly LegalType[] = ['curatele', 'bewind', 'mentorschap', 'ouderlijk_gezag', 'voogdij'];

export const LEVELS_OF_ASSURANCE = [
  'http://eidas.europa.eu/LoA/low',
  'http://eidas.europa.eu/LoA/substantial',
  'http://eidas.europa.eu/LoA/high',
] as const;
export type LevelOfAssurance = (typeof LEVELS_OF_ASSURANCE)[number];

export interface Localised {
  nl: string;
  en: string;
}

export interface ServiceProvider {
  id: string;
  name: string;
  oin: string;
  mayReceiveBsn: boolean;
}

export interface Service {
  uuid: string;
  /** `urn:namens:service:<slug>` */
  id: string;
  name: Localised;
  description: Localised;
  providerId: string;
  /** The domains the service belongs to: `financial`, `care`, `personal`, ... */
  domains: string[];
  loa: LevelOfAssurance;
  /** The bases on which someone may act for another at this service. */
  bases: Basis[];
  /** When set, only these kinds of legal representation count. */
  legalTypes: LegalType[] | null;
  /** Whether a person may use the service for themselves. */
  selfAllowed: boolean;
  /** When set, the represented party must be a person of at most this age (a child's service). */
  maxMinorAge: number | null;
  /** Standard municipal product name (Uniforme Productnamenlijst), where one fits. */
  upl: string | null;
  /** The eHerkenning ServiceUUID the service corresponds to, where one exists. */
  eherkenningServiceUuid: string | null;
  withdrawnAt: string | null;
}

export const SERVICE_URN_PREFIX = 'urn:namens:service:';
export const SERVICE_SCOPE_PREFIX = 'urn:uuid:';

/** Whether the catalog still offers the service: a withdrawn one (or one of a withdrawn provider) stays in history only. */
export function isOffered(service: Pick<Service, 'withdrawnAt'>): boolean {
  return service.withdrawnAt === null;
}

/** Whether a person may give someone a voluntary mandate for the service today (on /mijn, through the admin API, in an import). */
export function mayBeGrantedVoluntarily(service: Pick<Service, 'withdrawnAt' | 'bases'>): boolean {
  return isOffered(service) && service.bases.includes('voluntary');
}

export function levelRank(level: string): number {
  return LEVELS_OF_ASSURANCE.indexOf(level as LevelOfAssurance);
}

/**
 * The level of assurance a request needs: the service's level from the catalog is the floor, and `acr_values` (space
 * separated) may ask for more; any one of the listed levels will do, so the lowest listed counts.
 */
export function requiredLevel(serviceLevel: string | undefined, acrValues: unknown): string | undefined {
  const asked = String(acrValues ?? '')
    .split(' ')
    .filter((level) => levelRank(level) >= 0)
    .sort((a, b) => levelRank(a) - levelRank(b))[0];
  return [serviceLevel, asked].filter(Boolean).sort((a, b) => levelRank(b!) - levelRank(a!))[0];
}
