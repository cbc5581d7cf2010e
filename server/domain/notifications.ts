// Notifications: which changes to a mandate are told, to whom, when a mandate is "about to expire", how long a failed
// delivery waits before the next attempt, and the renewal terms a reminder proposes. Pure rules; the outbox and the
// worker (server/persistence/notification_store.ts, server/notifications/) apply them.
import { addDays, type IsoDate } from './dates.ts';
import type { Register } from './register_records.ts';
import { latestVoluntaryEnd } from './validity.ts';

export const NOTIFICATION_EVENTS = ['requested', 'granted', 'activated', 'expiring', 'expired', 'revoked', 'first_used'] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

/** NOTIFY_EXPIRY_DAYS by default: a reminder goes out this many days before a mandate's last day. */
export const DEFAULT_EXPIRY_DAYS = 30;
/** After this many failed attempts a notification is given up (status failed, its last error kept). */
export const MAX_ATTEMPTS = 8;
/** The first retry waits this long; each next one twice as long, up to MAX_BACKOFF_MS. */
export const FIRST_BACKOFF_MS = 60_000;
export const MAX_BACKOFF_MS = 6 * 60 * 60_000;
/** How long a worker holds the rows it claimed: after that, another worker (or the same one after a restart) takes them over. */
export const LEASE_MS = 5 * 60_000;

/**
 * The audit log's events that are told, and as what. The audit row is written in the same transaction as the change
 * (server/persistence/audit_chain.ts), so it is the outbox's source: what committed is told, what rolled back is not.
 * A declined request is not one of the events and is not told.
 */
export function notificationEventOf(auditEvent: string): NotificationEvent | undefined {
  switch (auditEvent) {
    case 'mandate.requested':
      return 'requested';
    case 'mandate.granted':
    case 'register.legal_mandate.added':
    case 'register.company_mandate.added':
    case 'register.voluntary_mandate.added':
      return 'granted';
    case 'mandate.activated':
    case 'mandate.approved':
      return 'activated';
    case 'mandate.revoked':
    case 'register.legal_mandate.ended':
    case 'register.company_mandate.ended':
    case 'register.voluntary_mandate.ended':
      return 'revoked';
    case 'mandate.used':
      return 'first_used';
    default:
      return undefined;
  }
}

/** The register an audit event of a register change names; the voluntary register's own changes (/mijn) otherwise. */
export function registerOfAuditEvent(auditEvent: string): Register {
  const match = /^register\.(legal|company|voluntary)_mandate\./.exec(auditEvent);
  return (match?.[1] as Register | undefined) ?? 'voluntary';
}

/** Both parties of a mandate are told: the principal and the agent (each only when they gave an e-mail address). */
export function recipientsOf(mandate: { agentId: string; principalId: string }): string[] {
  return [...new Set([mandate.principalId, mandate.agentId])];
}

/**
 * One notification per recipient, event and mandate; for the expiry events also per last day (a mandate whose end
 * moves gets a reminder for its new end).
 */
export function dedupeKey(recipientId: string, event: NotificationEvent, mandateId: string, validUntil?: IsoDate | null): string {
  const day = event === 'expiring' || event === 'expired' ? `|${validUntil ?? ''}` : '';
  return `${recipientId}|${event}|${mandateId}${day}`;
}

/**
 * The last days whose reminder is due today: a mandate ending `days` days from now (or sooner, for a mandate whose
 * end was not yet looked at, e.g. one granted for less than `days` days), after the days already looked at.
 */
export function expiringWindow(today: IsoDate, days: number, lookedAtThrough: IsoDate | null): { after: IsoDate; through: IsoDate } {
  return { after: lookedAtThrough ?? addDays(today, -1), through: addDays(today, days) };
}

/** The last days of mandates that have expired since they were last looked at: up to and including yesterday. */
export function expiredWindow(today: IsoDate, lookedAtThrough: IsoDate | null): { after: IsoDate; through: IsoDate } {
  return { after: lookedAtThrough ?? addDays(today, -2), through: addDays(today, -1) };
}

/** How long to wait after `attempts` failed attempts; undefined when it is given up. */
export function backoffAfter(attempts: number): number | undefined {
  if (attempts >= MAX_ATTEMPTS) return undefined;
  return Math.min(FIRST_BACKOFF_MS * 2 ** (attempts - 1), MAX_BACKOFF_MS);
}

/**
 * What a renewal proposes: the day after the current end, for as long as the current mandate ran (at most the
 * voluntary register's maximum). The grant form checks it again like anything typed.
 */
export function renewalTerms(validFrom: IsoDate, validUntil: IsoDate): { validFrom: IsoDate; validUntil: IsoDate } {
  const from = addDays(validUntil, 1);
  const days = Math.round((Date.parse(`${validUntil}T00:00:00Z`) - Date.parse(`${validFrom}T00:00:00Z`)) / 86_400_000);
  const until = addDays(from, Math.max(0, days));
  const latest = latestVoluntaryEnd(from);
  return { validFrom: from, validUntil: until > latest ? latest : until };
}

/** The path of the grant form filled in for renewing `mandateId` (only a voluntary mandate's principal can grant it again). */
export function renewalPath(mandateId: string, terms: { validFrom: IsoDate; validUntil: IsoDate }): string {
  const query = new URLSearchParams({ verleng: mandateId, valid_from: terms.validFrom, valid_until: terms.validUntil });
  return `/mijn/machtigingen/nieuw?${query.toString()}`;
}

/** A notification a worker claimed: what the message needs, its recipient's address and language as they are now. */
export interface ClaimedNotification {
  id: string;
  event: NotificationEvent;
  register: Register;
  mandateId: string;
  recipientId: string;
  /** This claim's attempt, counting from 1. */
  attempt: number;
  /** Undefined when the person removed their address since: the row is dropped unsent. */
  email: string | undefined;
  locale: 'nl' | 'en';
  principalName: string;
  agentName: string;
  /** The recipient's side of the mandate. */
  recipientIs: 'principal' | 'agent';
  validFrom: IsoDate | null;
  validUntil: IsoDate | null;
}

/** The outbox (server/persistence/notification_store.ts): filled from committed changes, emptied by the worker. */
export interface NotificationOutbox {
  /** Turns the audit log's new rows into notifications (one per recipient with an address); how many audit rows were read. */
  collectChanges(now: number, batchSize: number): Promise<number>;
  /** Adds the expiry reminders (`days` before the last day) and the expiry notices due `today`; how many rows were added. */
  collectExpiries(today: IsoDate, days: number, now: number): Promise<number>;
  /** Takes up to `limit` due notifications for LEASE_MS (pending and due, or sending with an ended lease). */
  claim(now: number, limit: number, token: string): Promise<ClaimedNotification[]>;
  /** After the SMTP server accepted the message. False when this claim had already lost its lease. */
  markSent(id: string, token: string, at: number): Promise<boolean>;
  /** A failed attempt: due again at `retryAt`, or given up (failed) when undefined. */
  markFailed(id: string, token: string, error: string, retryAt: number | undefined): Promise<void>;
  /** Not sent, and never will be (the recipient removed their address). */
  markDropped(id: string, token: string, reason: string): Promise<void>;
}
