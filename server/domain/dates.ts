// Calendar dates as ISO strings (YYYY-MM-DD): they compare correctly as strings in code and in SQL.

export type IsoDate = string;

export function toIsoDate(date: Date): IsoDate {
  return date.toISOString().slice(0, 10);
}

/** The date `years` years after `date` (29 February falls back to 28 February). */
export function addYears(date: IsoDate, years: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y + years, m - 1, d));
  if (target.getUTCMonth() !== m - 1) target.setUTCDate(0);
  return toIsoDate(target);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const target = new Date(`${date}T00:00:00Z`);
  target.setUTCDate(target.getUTCDate() + days);
  return toIsoDate(target);
}

/** Age in whole years on `on` of someone born on `birthDate`. */
export function ageOn(birthDate: IsoDate, on: IsoDate): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

const DUTCH_CALENDAR = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' });

const MINUTE_MS = 60_000;
let lastMinute = Number.NaN;
let lastDate = '';

/**
 * The calendar date in the Netherlands at `date`: mandates start and end on Dutch days. Remembered for the minute
 * (formatting in a time zone is costly, and a request asks several times): Dutch days begin on a whole UTC minute,
 * as the Netherlands' offsets from UTC are whole hours.
 */
export function dutchDate(date: Date): IsoDate {
  const minute = Math.floor(date.getTime() / MINUTE_MS);
  if (minute !== lastMinute) {
    lastDate = DUTCH_CALENDAR.format(date);
    lastMinute = minute;
  }
  return lastDate;
}
