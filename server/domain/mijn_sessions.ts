// The rules of a /mijn session: it ends after a time without requests (idle) and, however busy, a time after its
// login (absolute). Persistence stores the times it is given and removes what these rules say has ended; it decides
// nothing itself.

export interface SessionLifetime {
  /** A session ends this long after its last request. */
  idleMs: number;
  /** A session ends this long after its login, however busy. */
  absoluteMs: number;
}

/** A stored session (epoch milliseconds). */
export interface StoredSession {
  personId: string;
  createdAt: number;
  lastSeenAt: number;
}

/** A request moves the stored time of the last request at most this often, so reading pages writes little. */
export const TOUCH_INTERVAL_MS = 60_000;

/** When the session ends if no request comes: the earlier of the idle and the absolute expiry. */
export function sessionExpiresAt(session: Pick<StoredSession, 'createdAt' | 'lastSeenAt'>, lifetime: SessionLifetime): number {
  return Math.min(session.lastSeenAt + lifetime.idleMs, session.createdAt + lifetime.absoluteMs);
}

/** Whether the session still holds at `now`. */
export function isSessionLive(session: Pick<StoredSession, 'createdAt' | 'lastSeenAt'>, lifetime: SessionLifetime, now: number): boolean {
  return now < sessionExpiresAt(session, lifetime);
}

/** Whether a request at `now` should store itself as the session's last request. */
export function needsTouch(session: Pick<StoredSession, 'lastSeenAt'>, now: number): boolean {
  return now - session.lastSeenAt >= TOUCH_INTERVAL_MS;
}

/** The sessions of /mijn, by their random id (which the cookie carries). */
export interface MijnSessionRepository {
  create(id: string, session: StoredSession, expiresAt: number): Promise<void>;
  find(id: string): Promise<StoredSession | undefined>;
  /** Stores a request at `lastSeenAt` and the expiry that follows from it. */
  touch(id: string, lastSeenAt: number, expiresAt: number): Promise<void>;
  remove(id: string): Promise<void>;
  /** Removes every session whose stored expiry is at or before `now`; returns how many. */
  sweepExpired(now: number): Promise<number>;
}
