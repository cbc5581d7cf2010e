// When a mandate holds, for every register and every entry point (admin API, imports, /mijn, the index, the token
// endpoint): the days it covers, how it ends, and how long a voluntary mandate may last. Each rule once, here.
import { addDays, addYears, type IsoDate } from './dates.ts';

/** A voluntary mandate lasts at most five years after its first day (DigiD Machtigen). */
export const VOLUNTARY_MAX_YEARS = 5;

/** The days of a mandate: from `validFrom` through `validUntil`, both included; `validUntil` null is open-ended. */
export interface Validity {
  validFrom: IsoDate;
  validUntil: IsoDate | null;
}

/**
 * Whether the mandate holds on `at`. A mandate that starts and ends on the same day holds that one day: `validUntil` is
 * the last day on which it holds, not the first on which it no longer does.
 */
export function holdsOn({ validFrom, validUntil }: Validity, at: IsoDate): boolean {
  return validFrom <= at && (validUntil === null || at <= validUntil);
}

/** Whether two mandates share at least one day. */
export function overlapsInTime(a: Validity, b: Validity): boolean {
  return (a.validUntil === null || b.validFrom <= a.validUntil) && (b.validUntil === null || a.validFrom <= b.validUntil);
}

export type ValidityProblem = 'ends_before_start' | 'too_long';

/**
 * What is wrong with these days, if anything: an end before the start (the same day is a mandate of one day), or a
 * voluntary mandate longer than VOLUNTARY_MAX_YEARS (it must end, and at the latest on `latestVoluntaryEnd`).
 */
export function validityProblem(validity: Validity, voluntary: boolean): ValidityProblem | undefined {
  if (validity.validUntil !== null && validity.validUntil < validity.validFrom) return 'ends_before_start';
  if (voluntary && (validity.validUntil === null || validity.validUntil > latestVoluntaryEnd(validity.validFrom))) return 'too_long';
  return undefined;
}

/** The last day a voluntary mandate starting on `validFrom` may hold. */
export function latestVoluntaryEnd(validFrom: IsoDate): IsoDate {
  return addYears(validFrom, VOLUNTARY_MAX_YEARS);
}

/** The last day a mandate holds once it has ended on `endedOn` (it held until the day before), never later than before. */
export function lastDayWhenEnded(validUntil: IsoDate | null, endedOn: IsoDate): IsoDate {
  const dayBefore = addDays(endedOn, -1);
  return validUntil !== null && validUntil < dayBefore ? validUntil : dayBefore;
}
