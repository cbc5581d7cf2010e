// What the domain needs from storage. Persistence implements these; nothing here knows how.
import type { IsoDate } from './dates.ts';
import type { MandateOption } from './mandate_index.ts';
import type { Agent, Person } from './parties.ts';
import type { Service, ServiceProvider } from './services.ts';

export interface PersonRepository {
  findByBsn(bsn: string): Promise<Person | undefined>;
}

export interface TestUser {
  username: string;
  passwordHash: string;
  person: Person;
}

export interface TestUserRepository {
  findByUsername(username: string): Promise<TestUser | undefined>;
}

export interface CatalogRepository {
  /** A service by its UUID or its URN id, withdrawn ones included. */
  findService(uuidOrUrn: string): Promise<Service | undefined>;
  listServices(): Promise<Service[]>;
  findProvider(id: string): Promise<ServiceProvider | undefined>;
  listProviders(): Promise<ServiceProvider[]>;
}

export interface MandateUse {
  agent: Agent;
  option: Extract<MandateOption, { kind: 'mandate' }>;
  service: Service;
  clientId: string;
  grantType: string;
  at: Date;
  /** When the person chose this option on the selection screen (the code's issue time), for an authorization code. */
  chosenAt?: Date;
}

export interface AuditLog {
  /** The use at the token endpoint, carrying its decisions (the selection screen's and the token re-check's). */
  recordMandateUse(use: MandateUse): Promise<void>;
}

// ---- the decision log (Logius decision-log standard) ------------------------------------------------------------------

/** Where a decision was made. */
export type DecisionPoint = 'selection_screen' | 'token' | 'decision_api';
/** The AuthZEN request that asked, for the decision API. */
export type DecisionRequestType = 'access_evaluation' | 'access_evaluations' | 'subject_search' | 'resource_search';

/** One decision, by party id (never a BSN): who acts, for whom, at which service, and the rule that decided. */
export interface LoggedDecision {
  subjectId: string | null;
  resourceId: string | null;
  serviceUuid: string | null;
  decision: boolean;
  rule: string;
  mandateId: string | null;
}

/** One call of the decision API: one append to the audit chain with all its decisions. */
export interface ApiDecisionRecord {
  requestType: DecisionRequestType;
  clientId: string;
  at: Date;
  /** W3C trace context of the request (the caller's traceparent, or one made for it). */
  traceId: string;
  spanId: string;
  /** The request as asked, without identifiers (those are in `decisions`, as party ids). */
  request: Record<string, unknown>;
  decisions: LoggedDecision[];
}

export interface RefusedChoice {
  agentId: string;
  principalId: string | null;
  serviceUuid: string | null;
  mandateId: string;
  rule: string;
  clientId: string;
  at: Date;
}

export interface PartyRef {
  idType: 'BSN' | 'KvK';
  id: string;
  name: string;
}

/** A decision as the log shows it, its parties and service named. */
export interface DecisionView {
  point: DecisionPoint;
  at: number;
  subject: PartyRef | null;
  resource: PartyRef | null;
  service: { uuid: string; name: { nl: string; en: string } } | null;
  decision: boolean;
  rule: string;
  mandateId: string | null;
}

/** One row of the decision log: an audit entry and the decisions it carries. */
export interface DecisionLogRow {
  seq: number;
  at: number;
  event: string;
  requestType: DecisionRequestType | null;
  clientId: string | null;
  clientName: string | null;
  traceId: string | null;
  decisions: DecisionView[];
}

export interface DecisionLogFilter {
  /** Party ids. */
  subjectId?: string;
  resourceId?: string;
  clientId?: string;
  /** Epoch milliseconds, inclusive. */
  from?: number;
  to?: number;
  limit: number;
  /** Rows older than this seq (the `next` of the previous page). */
  before?: number;
}

export interface DecisionLog {
  recordApiDecisions(record: ApiDecisionRecord): Promise<void>;
  /** A choice made at login that the token endpoint's re-check refused: one entry, with the rule that refused. */
  recordRefusal(refusal: RefusedChoice): Promise<void>;
  /** Newest first; each row's decisions narrowed to the filter's subject and resource. */
  list(filter: DecisionLogFilter): Promise<DecisionLogRow[]>;
}

export type { IsoDate };
