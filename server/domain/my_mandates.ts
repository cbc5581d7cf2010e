// My mandates (machtigingeninzage): the rules for granting, requesting, activating and ending voluntary mandates
// from a person's own page, and how a mandate of any basis is shown there. Pure TypeScript: no Koa, no knex.
import { createHash, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { addYears, type IsoDate } from './dates.ts';
import { isBsn } from './identifiers.ts';
import { domainsOfLegalType } from './mandates.ts';
import { holdsOverMinorsOnly, isMinorOn } from './minors.ts';
import type { Party, Person } from './parties.ts';
import { mayBeGrantedVoluntarily, type Basis, type LegalType, type Service } from './services.ts';
import { coveredServices, type MandateTerms } from './duplicates.ts';
import type { PersonRepository } from './repositories.ts';
import { latestVoluntaryEnd, validityProblem, VOLUNTARY_MAX_YEARS } from './validity.ts';

/** The voluntary register's statuses: `requested` (an agent asked) and `declined` (the principal said no) are added here. */
export type StoredVoluntaryStatus = 'requested' | 'pending' | 'active' | 'revoked' | 'declined';

/** A change of status a party of a voluntary mandate makes on /mijn: from which statuses, to which, by whom. */
export interface StatusChange {
  event: 'mandate.revoked' | 'mandate.approved' | 'mandate.declined';
  from: readonly StoredVoluntaryStatus[];
  to: StoredVoluntaryStatus;
  by: 'principal' | 'agent' | 'either';
  /** Whether the mandate has ended with it (revoked, declined): its ended_at is set. */
  ends: boolean;
}

/** Either party may revoke an open mandate; only the principal answers a request. Persistence applies these atomically. */
export const STATUS_CHANGES = {
  revoke: { event: 'mandate.revoked', from: ['requested', 'pending', 'active'], to: 'revoked', by: 'either', ends: true },
  approve: { event: 'mandate.approved', from: ['requested'], to: 'active', by: 'principal', ends: false },
  decline: { event: 'mandate.declined', from: ['requested'], to: 'declined', by: 'principal', ends: true },
} as const satisfies Record<string, StatusChange>;

/** What a person sees: the stored status and the dates together. */
export type ShownStatus = 'requested' | 'pending' | 'active' | 'not_yet_valid' | 'expired' | 'revoked' | 'declined';

export const DEFAULT_YEARS = 1;
export const ACTIVATION_CODE_DAYS = 14;
export const ACTIVATION_MAX_FAILURES = 5;
export const ACTIVATION_LOCK_MS = 15 * 60 * 1000;

/** A mandate of any basis, as the page of one of its parties shows it. */
export interface MandateRecord {
  id: string;
  basis: Basis;
  principal: Party;
  agent: Party;
  legalType: LegalType | null;
  professional: boolean | null;
  validFrom: IsoDate;
  validUntil: IsoDate | null;
  /** The listed services (voluntary, and company mandates for some services); empty for legal ones. */
  services: Service[];
  /** A company mandate for every service. */
  allServices: boolean;
  /** Voluntary mandates only; null for the other registers. */
  status: StoredVoluntaryStatus | null;
  /** Epoch seconds at which it was ended (revoked, declined, or ended in its register); null while not ended. */
  endedAt: number | null;
}

export function shownStatus(mandate: MandateRecord, today: IsoDate): ShownStatus {
  if (mandate.status === 'revoked' || mandate.status === 'declined') return mandate.status;
  if (mandate.endedAt !== null) return 'revoked';
  if (mandate.validUntil !== null && mandate.validUntil < today) return 'expired';
  if (mandate.status === 'requested' || mandate.status === 'pending') return mandate.status;
  if (holdsOverMinorsOnly(mandate.legalType) && !isMinorOn(mandate.principal, today)) return 'expired';
  if (mandate.validFrom > today) return 'not_yet_valid';
  return 'active';
}

/** The domains a legal mandate covers (`*`: all). */
export function domainsOf(mandate: MandateRecord): readonly string[] {
  return mandate.legalType ? domainsOfLegalType(mandate.legalType) : [];
}

/** Which of a person's own actions a voluntary mandate allows now. Legal and company mandates change only in their registers. */
export function mayRevoke(mandate: MandateRecord, person: Person, today: IsoDate): boolean {
  if (mandate.basis !== 'voluntary') return false;
  const status = shownStatus(mandate, today);
  if (!['pending', 'active', 'not_yet_valid', 'requested'].includes(status)) return false;
  return mandate.principal.id === person.id || mandate.agent.id === person.id;
}

export function mayAnswerRequest(mandate: MandateRecord, person: Person, today: IsoDate): boolean {
  return mandate.basis === 'voluntary' && mandate.principal.id === person.id && shownStatus(mandate, today) === 'requested';
}

export function mayActivate(mandate: MandateRecord, person: Person, today: IsoDate): boolean {
  return mandate.basis === 'voluntary' && mandate.agent.id === person.id && shownStatus(mandate, today) === 'pending';
}

// --- the grant and request forms -------------------------------------------------------------------------------

export interface MandateForm {
  bsn: string;
  /** Surname of the agent (grant) — or birth date of the principal (request), see `otherParty`. */
  check: string;
  services: string[];
  validFrom: string;
  validUntil: string;
}

/** Why a field of the mandate form is refused; the screens put it in words (views/messages). */
export type FieldErrorCode =
  | 'bsn_missing'
  | 'bsn_invalid'
  | 'services_none'
  | 'services_not_allowed'
  | 'valid_from_invalid'
  | 'valid_from_past'
  | 'valid_until_invalid'
  | 'valid_until_before_start'
  | 'valid_until_too_late'
  | 'surname_missing'
  | 'agent_unknown'
  | 'agent_self'
  | 'birth_date_invalid'
  | 'principal_unknown'
  | 'principal_self'
  | 'already_granted'
  | 'already_requested';

export interface FieldError {
  code: FieldErrorCode;
  /** valid_until_too_late: the last end date allowed, and the most years a mandate may last. */
  until?: IsoDate;
  years?: number;
  /** already_granted / already_requested: the UUIDs of the services already covered. */
  services?: string[];
}

export type FieldErrors = Partial<Record<'bsn' | 'check' | 'services' | 'validFrom' | 'validUntil' | 'form', FieldError>>;

export function defaultForm(today: IsoDate): MandateForm {
  return { bsn: '', check: '', services: [], validFrom: today, validUntil: addYears(today, DEFAULT_YEARS) };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/**
 * The checks that need nothing but the form, today and the catalog: BSN eleven-test, services that exist and allow
 * voluntary mandates, start not in the past, end not before the start (one day is allowed) and at most five years after it.
 */
export function checkMandateForm(form: MandateForm, today: IsoDate, catalog: readonly Service[]): FieldErrors {
  const errors: FieldErrors = {};
  if (!form.bsn) errors.bsn = { code: 'bsn_missing' };
  else if (!isBsn(form.bsn)) errors.bsn = { code: 'bsn_invalid' };

  if (form.services.length === 0) errors.services = { code: 'services_none' };
  else {
    const byUuid = new Map(catalog.map((service) => [service.uuid, service]));
    const wrong = form.services.filter((uuid) => {
      const service = byUuid.get(uuid);
      return !service || !mayBeGrantedVoluntarily(service);
    });
    if (wrong.length) errors.services = { code: 'services_not_allowed' };
  }

  if (!isIsoDate(form.validFrom)) errors.validFrom = { code: 'valid_from_invalid' };
  else if (form.validFrom < today) errors.validFrom = { code: 'valid_from_past' };
  if (!isIsoDate(form.validUntil)) errors.validUntil = { code: 'valid_until_invalid' };
  else if (!errors.validFrom) {
    const problem = validityProblem({ validFrom: form.validFrom, validUntil: form.validUntil }, true);
    if (problem === 'ends_before_start') errors.validUntil = { code: 'valid_until_before_start' };
    else if (problem === 'too_long') errors.validUntil = { code: 'valid_until_too_late', until: latestVoluntaryEnd(form.validFrom), years: VOLUNTARY_MAX_YEARS };
  }
  return errors;
}

function normaliseName(value: string): string {
  return value.normalize('NFC').toLocaleLowerCase('nl').replace(/\s+/g, ' ').trim();
}

/** The surname matches when the full name ends with it as whole words ("Visser", "de Boer", "Boer" for Truus de Boer). */
export function surnameMatches(person: Person, surname: string): boolean {
  const given = normaliseName(surname);
  const name = normaliseName(person.name);
  return given.length > 0 && given !== name.split(' ')[0] && (name === given || name.endsWith(` ${given}`));
}

// --- activation codes -----------------------------------------------------------------------------------------

/** No 0/O, 1/I/L: a code read from a letter is typed without doubt. 31^10 ≈ 8·10^14 codes. */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const CODE_LENGTH = 10;

export function newActivationCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** Spaces, dashes and case do not matter when the code is typed. */
export function normaliseCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '');
}

/** sha256 is enough for a random code of ~50 bits that is valid 14 days and locked after 5 wrong tries. */
export function hashCode(code: string): string {
  return createHash('sha256').update(normaliseCode(code)).digest('hex');
}

export function formatCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

export function activationExpiry(now: number): number {
  return now + ACTIVATION_CODE_DAYS * 24 * 3600 * 1000;
}

export interface ActivationState {
  codeHash: string;
  expiresAt: number;
  usedAt: number | null;
  failedAttempts: number;
  lockedUntil: number | null;
}

export type ActivationDecision =
  | { outcome: 'activate' }
  | { outcome: 'refuse'; failedAttempts: number; lockedUntil: number | null; counted: boolean };

/** A typed code against the stored activation: while locked nothing counts; the fifth wrong try locks for 15 minutes. */
export function decideActivation(state: ActivationState, typed: string, now: number): ActivationDecision {
  const locked = state.lockedUntil !== null && state.lockedUntil > now;
  if (locked) return { outcome: 'refuse', failedAttempts: state.failedAttempts, lockedUntil: state.lockedUntil, counted: false };
  const given = Buffer.from(hashCode(typed), 'hex');
  const matches = given.length === 32 && timingSafeEqual(given, Buffer.from(state.codeHash, 'hex'));
  if (matches && state.usedAt === null && state.expiresAt > now) return { outcome: 'activate' };
  const failures = (state.lockedUntil !== null ? 0 : state.failedAttempts) + 1;
  return failures >= ACTIVATION_MAX_FAILURES
    ? { outcome: 'refuse', failedAttempts: failures, lockedUntil: now + ACTIVATION_LOCK_MS, counted: true }
    : { outcome: 'refuse', failedAttempts: failures, lockedUntil: null, counted: true };
}

// --- storage -------------------------------------------------------------------------------------------------

export interface NewVoluntaryMandate {
  id: string;
  principalId: string;
  agentId: string;
  serviceUuids: string[];
  validFrom: IsoDate;
  validUntil: IsoDate;
  status: 'pending' | 'requested';
  /** The person who made it (principal for a grant, agent for a request). */
  by: string;
  at: number;
  /** For a grant: the hashed activation code and its expiry. */
  activation?: { codeHash: string; expiresAt: number };
}

export interface MandateUseRecord {
  at: number;
  agentName: string;
  clientName: string;
  serviceName: string;
}

/** A state change by a party: who, and when (epoch ms). */
export interface Change {
  mandateId: string;
  by: string;
  at: number;
}

export interface MyMandatesRepository {
  /** A person by party id (the /mijn session holds the party id, not the BSN). */
  findPerson(id: string): Promise<Person | undefined>;
  /** Every mandate, of every register, in which the person is principal or agent. */
  listFor(personId: string): Promise<MandateRecord[]>;
  /** The mandate with this id, only when the person is its principal or agent. */
  findFor(personId: string, id: string): Promise<MandateRecord | undefined>;
  /**
   * Writes the mandate, its services, its activation and an audit entry in one transaction, unless `covered` (the
   * domain's duplicate rule, given the pair's voluntary mandates read inside the transaction) names services: then
   * nothing is written and those services are returned.
   */
  create(mandate: NewVoluntaryMandate, covered: (existing: readonly MandateTerms[]) => string[]): Promise<{ covered: string[] }>;
  /** Ends a requested, pending or active voluntary mandate of which `by` is a party; false when there was none to end. */
  revoke(change: Change): Promise<boolean>;
  /** The principal approves a request: it becomes active. False when there was no such open request. */
  approve(change: Change): Promise<boolean>;
  decline(change: Change): Promise<boolean>;
  /** The agent types a code for a pending mandate of theirs; every other case is refused alike. */
  activate(change: Change, typedCode: string): Promise<'activated' | 'refused'>;
  /** Every recorded use of the mandate for which `principalId` is the represented party, newest first. */
  usesOf(principalId: string, mandateId: string): Promise<MandateUseRecord[]>;
}

// --- the use cases: grant and request ----------------------------------------------------------------------------

export interface GrantDeps {
  persons: PersonRepository;
  myMandates: MyMandatesRepository;
}

/** What a grant or request is checked against: the day, the moment, and the services open to voluntary mandates. */
export interface FormContext {
  today: IsoDate;
  now: number;
  services: readonly Service[];
}

const termsOfNew = (mandate: NewVoluntaryMandate): MandateTerms => ({
  id: mandate.id,
  sourceRecordId: null,
  register: 'voluntary',
  agentId: mandate.agentId,
  principalId: mandate.principalId,
  legalType: null,
  serviceUuids: mandate.serviceUuids,
  validFrom: mandate.validFrom,
  validUntil: mandate.validUntil,
  ended: false,
});

/** Writes a new voluntary mandate unless the pair already holds one of its services then (the duplicate rule). */
async function create(deps: GrantDeps, mandate: NewVoluntaryMandate): Promise<string[]> {
  const { covered } = await deps.myMandates.create(mandate, (existing) => coveredServices(termsOfNew(mandate), existing));
  return covered;
}

export type GrantOutcome = { errors: FieldErrors } | { mandateId: string; agent: Person; code: string; codeExpires: number };

/**
 * The principal grants a voluntary mandate to an agent named by BSN and surname. A pair that matches no known person
 * is refused the same whether the BSN exists or not. The mandate is pending until the agent types the code.
 */
export async function grantMandate(deps: GrantDeps, person: Person, form: MandateForm, context: FormContext): Promise<GrantOutcome> {
  const errors = checkMandateForm(form, context.today, context.services);
  if (!form.check) errors.check = { code: 'surname_missing' };
  const agent = errors.bsn || errors.check ? undefined : await deps.persons.findByBsn(form.bsn);
  if (!errors.bsn && !errors.check) {
    if (!agent || !surnameMatches(agent, form.check)) errors.check = { code: 'agent_unknown' };
    else if (agent.id === person.id) errors.bsn = { code: 'agent_self' };
  }
  if (Object.keys(errors).length || !agent) return { errors };
  const code = newActivationCode();
  const codeExpires = activationExpiry(context.now);
  const mandate: NewVoluntaryMandate = {
    id: randomUUID(),
    principalId: person.id,
    agentId: agent.id,
    serviceUuids: form.services,
    validFrom: form.validFrom,
    validUntil: form.validUntil,
    status: 'pending',
    by: person.id,
    at: context.now,
    activation: { codeHash: hashCode(code), expiresAt: codeExpires },
  };
  const covered = await create(deps, mandate);
  if (covered.length) return { errors: { services: { code: 'already_granted', services: covered } } };
  return { mandateId: mandate.id, agent, code, codeExpires };
}

export type RequestOutcome = { errors: FieldErrors } | { mandateId: string };

/**
 * The agent asks a principal, named by BSN and birth date, for a voluntary mandate. A pair that matches no known
 * person (also one whose birth date is not on file) is refused without saying which part was wrong.
 */
export async function requestMandate(deps: GrantDeps, person: Person, form: MandateForm, context: FormContext): Promise<RequestOutcome> {
  const errors = checkMandateForm(form, context.today, context.services);
  if (!isIsoDate(form.check)) errors.check = { code: 'birth_date_invalid' };
  const principal = errors.bsn || errors.check ? undefined : await deps.persons.findByBsn(form.bsn);
  if (!errors.bsn && !errors.check) {
    if (!principal || principal.birthDate === null || principal.birthDate !== form.check) errors.check = { code: 'principal_unknown' };
    else if (principal.id === person.id) errors.bsn = { code: 'principal_self' };
  }
  if (Object.keys(errors).length || !principal) return { errors };
  const mandate: NewVoluntaryMandate = {
    id: randomUUID(),
    principalId: principal.id,
    agentId: person.id,
    serviceUuids: form.services,
    validFrom: form.validFrom,
    validUntil: form.validUntil,
    status: 'requested',
    by: person.id,
    at: context.now,
  };
  const covered = await create(deps, mandate);
  if (covered.length) return { errors: { services: { code: 'already_requested', services: covered } } };
  return { mandateId: mandate.id };
}
