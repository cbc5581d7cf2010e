// Levels of assurance of an upstream login: its own acr values (DigiD Basis/Midden/Substantieel/Hoog, …) mapped onto
// the eIDAS levels namens speaks, and back again to ask an upstream for the level a service needs.
import { levelRank } from './services.ts';

/** The eIDAS level an upstream acr stands for, or undefined when the acr is not mapped (and so refused). */
export function mapUpstreamAcr(acrMap: Readonly<Record<string, string>>, acr: unknown): string | undefined {
  if (typeof acr !== 'string' || !Object.hasOwn(acrMap, acr)) return undefined;
  const level = acrMap[acr]!;
  return levelRank(level) >= 0 ? level : undefined;
}

/**
 * The upstream acr values that reach at least `required` (an eIDAS level), lowest first: what to send upstream as
 * acr_values so that it steps up only as far as needed. Empty when the upstream reaches no such level.
 */
export function upstreamAcrValuesFor(acrMap: Readonly<Record<string, string>>, required: string): string[] {
  const floor = levelRank(required);
  return Object.entries(acrMap)
    .filter(([, level]) => levelRank(level) >= floor && levelRank(level) >= 0)
    .sort(([, a], [, b]) => levelRank(a) - levelRank(b))
    .map(([acr]) => acr);
}

/**
 * The level a request needs: the service's level is the floor and acr_values may ask more (any listed level will do,
 * so the lowest known one counts). The same rule as the login prompt's loa_too_low check in server/oidc/provider.ts.
 */
export function requiredLevel(serviceLevel: string | undefined, acrValues: unknown): string | undefined {
  const asked = String(acrValues ?? '')
    .split(' ')
    .filter((level) => levelRank(level) >= 0)
    .sort((a, b) => levelRank(a) - levelRank(b))[0];
  return [serviceLevel, asked].filter((level): level is string => !!level).sort((a, b) => levelRank(b) - levelRank(a))[0];
}

/** Whether `reached` is at least `required` (nothing required: any level will do). */
export function reaches(reached: string, required: string | undefined): boolean {
  return !required || levelRank(reached) >= levelRank(required);
}
