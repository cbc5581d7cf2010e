// Dutch identifiers and their checks. Pure functions; each refusal names the identifier.

export type IdentifierKind = 'BSN' | 'KvK' | 'RSIN' | 'OIN';

/** The URN of each identifier type, as the NL GOV profile writes `sub_id_type`. */
export const SUB_ID_TYPES = {
  BSN: 'urn:nl-eid-gdi:1.0:id:legacy-BSN',
  KvK: 'urn:nl-eid-gdi:1.0:id:KvKnr',
  RSIN: 'urn:nl-eid-gdi:1.0:id:RSIN',
  Pseudonym: 'urn:nl-eid-gdi:1.0:id:Pseudonym',
} as const;

export type SubIdType = (typeof SUB_ID_TYPES)[keyof typeof SUB_ID_TYPES];

export class InvalidIdentifierError extends Error {
  override name = 'InvalidIdentifierError';
  constructor(
    readonly kind: IdentifierKind,
    readonly value: string,
    reason: string,
  ) {
    super(`invalid ${kind} ${JSON.stringify(value)}: ${reason}`);
  }
}

/** The eleven-test shared by BSN and RSIN: weights 9..2 and -1 on the last digit, sum divisible by 11. */
function passesElevenTest(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(digits[i]) * (9 - i);
  sum -= Number(digits[8]);
  return sum % 11 === 0 && sum !== 0;
}

function nineDigitsElevenTest(kind: 'BSN' | 'RSIN', value: string): string {
  if (!/^[0-9]{9}$/.test(value)) throw new InvalidIdentifierError(kind, value, 'must be exactly 9 digits');
  if (!passesElevenTest(value)) throw new InvalidIdentifierError(kind, value, 'fails the eleven-test');
  return value;
}

export const assertBsn = (value: string): string => nineDigitsElevenTest('BSN', value);
export const assertRsin = (value: string): string => nineDigitsElevenTest('RSIN', value);

export function assertKvk(value: string): string {
  if (!/^[0-9]{8}$/.test(value)) throw new InvalidIdentifierError('KvK', value, 'must be exactly 8 digits');
  return value;
}

export function assertOin(value: string): string {
  if (!/^[0-9]{20}$/.test(value)) throw new InvalidIdentifierError('OIN', value, 'must be exactly 20 digits');
  return value;
}

export function isBsn(value: string): boolean {
  return /^[0-9]{9}$/.test(value) && passesElevenTest(value);
}
