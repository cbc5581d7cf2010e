// Parental authority (ouderlijk gezag) and guardianship (voogdij) cover a minor until their 18th birthday: from that
// day on the mandate no longer holds, whatever its register says. The rule once, for the index, /mijn and the registers.
import { ageOn, type IsoDate } from './dates.ts';
import type { Party } from './parties.ts';
import type { LegalType } from './services.ts';

/** The age at which a minor comes of age (meerderjarig): on their 18th birthday the authority over them ends. */
export const MINORITY_ENDS_AT = 18;

/** The kinds of legal representation that hold over minors only. */
export const OVER_MINORS: readonly LegalType[] = ['ouderlijk_gezag', 'voogdij'];

export function holdsOverMinorsOnly(type: LegalType | null): boolean {
  return type !== null && OVER_MINORS.includes(type);
}

/** Whether `party` is a minor on `at`. Someone whose birth date is not known is not taken for a minor. */
export function isMinorOn(party: Party, at: IsoDate): boolean {
  return party.kind === 'person' && party.birthDate !== null && ageOn(party.birthDate, at) < MINORITY_ENDS_AT;
}

/** A mandate over minors only needs the represented person's birth date, or it could never be checked. */
export function needsBirthDate(type: LegalType): boolean {
  return holdsOverMinorsOnly(type);
}
