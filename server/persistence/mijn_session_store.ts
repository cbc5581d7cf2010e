// The /mijn sessions (table mijn_sessions): one row per login, found by the sha256 of the random id the cookie carries,
// so the table holds no id that would work as a cookie. Stores the times it is given; when a session has ended is the
// domain's rule (server/domain/mijn_sessions.ts).
import { createHash } from 'node:crypto';
import type { MijnSessionRepository, StoredSession } from '../domain/mijn_sessions.ts';
import type { Database } from './database.ts';

const hashOf = (id: string) => createHash('sha256').update(id).digest('hex');

export function createMijnSessionStore(db: Database): MijnSessionRepository {
  return {
    async create(id, session, expiresAt) {
      await db('mijn_sessions').insert({
        id_hash: hashOf(id),
        party_id: session.personId,
        created_at: session.createdAt,
        last_seen_at: session.lastSeenAt,
        expires_at: expiresAt,
      });
    },
    async find(id): Promise<StoredSession | undefined> {
      const row = await db('mijn_sessions').where({ id_hash: hashOf(id) }).first('party_id', 'created_at', 'last_seen_at');
      return row ? { personId: row.party_id, createdAt: Number(row.created_at), lastSeenAt: Number(row.last_seen_at) } : undefined;
    },
    async touch(id, lastSeenAt, expiresAt) {
      await db('mijn_sessions').where({ id_hash: hashOf(id) }).update({ last_seen_at: lastSeenAt, expires_at: expiresAt });
    },
    async remove(id) {
      await db('mijn_sessions').where({ id_hash: hashOf(id) }).delete();
    },
    async sweepExpired(now) {
      return db('mijn_sessions').where('expires_at', '<=', now).delete();
    },
  };
}
