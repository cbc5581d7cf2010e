// The notification outbox (table notifications). Its rows come from the audit log, which every change to a mandate
// writes in its own transaction (audit_chain.ts): collectChanges reads the log after a cursor (notification_cursors)
// and writes the rows and the moved cursor in ONE transaction, so a change that committed is told and a change that
// rolled back is not, and a crash halfway repeats the batch, whose rows then already exist (dedupe_key UNIQUE, insert
// … on conflict do nothing). The expiry events come from the registers' days (valid_until, indexed), also after a
// cursor. The delivery rows are claimed with a lease (status sending, next_attempt_at = end of the lease; on
// PostgreSQL FOR UPDATE SKIP LOCKED, on SQLite under the write lock). It maps rows; the rules are in
// server/domain/notifications.ts.
import type { Knex } from 'knex';
import type { IsoDate } from '../domain/dates.ts';
import {
  dedupeKey,
  expiredWindow,
  expiringWindow,
  LEASE_MS,
  notificationEventOf,
  recipientsOf,
  registerOfAuditEvent,
  type ClaimedNotification,
  type NotificationEvent,
  type NotificationOutbox,
} from '../domain/notifications.ts';
import type { Register } from '../domain/register_records.ts';
import { isPostgres, type Database } from './database.ts';
import { TABLES, uuidv7 } from './register_store.ts';

const CHUNK = 500;
type Row = Record<string, unknown>;

interface Candidate {
  event: NotificationEvent;
  register: Register;
  mandateId: string;
  agentId: string;
  principalId: string;
  validFrom: IsoDate | null;
  validUntil: IsoDate | null;
}

const REGISTER_ORDER: readonly Register[] = ['voluntary', 'legal', 'company'];

export function createNotificationStore(db: Database): NotificationOutbox {
  const postgres = isPostgres(db);
  const locked = <T extends Knex.QueryBuilder>(query: T): T => (postgres ? (query.forUpdate() as T) : query);

  async function readCursor(trx: Knex.Transaction, name: string): Promise<string | null> {
    const row = (await locked(trx('notification_cursors').where({ name }).first('value'))) as { value: string } | undefined;
    return row?.value ?? null;
  }
  async function writeCursor(trx: Knex.Transaction, name: string, value: string): Promise<void> {
    await trx('notification_cursors').insert({ name, value }).onConflict('name').merge({ value });
  }

  /** The mandates (of any register) with these ids: their parties and days, and whether they were used before. */
  async function mandatesByIds(trx: Knex.Transaction, ids: string[]): Promise<Map<string, Candidate & { firstUsedAt: number | null }>> {
    const found = new Map<string, Candidate & { firstUsedAt: number | null }>();
    for (const register of REGISTER_ORDER) {
      const { table, agent, principal } = TABLES[register];
      for (let i = 0; i < ids.length; i += CHUNK) {
        const rows = (await trx(table)
          .whereIn('id', ids.slice(i, i + CHUNK))
          .select('id', `${agent} as agent_id`, `${principal} as principal_id`, 'valid_from', 'valid_until', 'first_used_at')) as Row[];
        for (const row of rows) {
          found.set(row.id as string, {
            event: 'first_used',
            register,
            mandateId: row.id as string,
            agentId: row.agent_id as string,
            principalId: row.principal_id as string,
            validFrom: (row.valid_from as string | null) ?? null,
            validUntil: (row.valid_until as string | null) ?? null,
            firstUsedAt: row.first_used_at === null || row.first_used_at === undefined ? null : Number(row.first_used_at),
          });
        }
      }
    }
    return found;
  }

  /** One row per candidate and recipient who gave an address; existing rows (the same dedupe key) stay as they are. */
  async function enqueue(trx: Knex.Transaction, candidates: Candidate[], now: number): Promise<number> {
    if (!candidates.length) return 0;
    const partyIds = [...new Set(candidates.flatMap(recipientsOf))];
    const withAddress = new Set<string>();
    for (let i = 0; i < partyIds.length; i += CHUNK) {
      for (const row of (await trx('person_contacts').whereIn('party_id', partyIds.slice(i, i + CHUNK)).select('party_id')) as Row[]) withAddress.add(row.party_id as string);
    }
    const rows = candidates.flatMap((candidate) =>
      recipientsOf(candidate)
        .filter((recipient) => withAddress.has(recipient))
        .map((recipient) => ({
          id: uuidv7(),
          event: candidate.event,
          register: candidate.register,
          mandate_id: candidate.mandateId,
          recipient_id: recipient,
          dedupe_key: dedupeKey(recipient, candidate.event, candidate.mandateId, candidate.validUntil),
          detail: JSON.stringify({
            agent_id: candidate.agentId,
            principal_id: candidate.principalId,
            valid_from: candidate.validFrom,
            valid_until: candidate.validUntil,
          }),
          status: 'pending',
          attempts: 0,
          next_attempt_at: now,
          claim_token: null,
          sent_at: null,
          last_error: null,
          created_at: now,
        })),
    );
    let added = 0;
    for (let i = 0; i < rows.length; i += 200) {
      const inserted = await trx('notifications').insert(rows.slice(i, i + 200)).onConflict('dedupe_key').ignore().returning('id');
      added += Array.isArray(inserted) ? inserted.length : 0;
    }
    return added;
  }

  return {
    async collectChanges(now, batchSize) {
      return db.transaction(async (trx) => {
        const after = Number((await readCursor(trx, 'audit_seq')) ?? 0);
        const rows = (await trx('audit_log')
          .where('seq', '>', after)
          .orderBy('seq')
          .limit(batchSize)
          .select('seq', 'event', 'at', 'agent_id', 'principal_id', 'mandate_id')) as Row[];
        if (!rows.length) return 0;
        const told = rows.filter((row) => notificationEventOf(row.event as string) && row.mandate_id);
        // A use names the option: one mandate, or a chain's links joined by a dot. Each link's first use is told.
        const usedIds = [...new Set(told.filter((row) => row.event === 'mandate.used').flatMap((row) => String(row.mandate_id).split('.')))];
        const used = usedIds.length ? await mandatesByIds(trx, usedIds) : new Map();
        const changedIds = [...new Set(told.filter((row) => row.event !== 'mandate.used').map((row) => String(row.mandate_id)))];
        const changed = changedIds.length ? await mandatesByIds(trx, changedIds) : new Map();
        const candidates: Candidate[] = [];
        const firstUses = new Map<string, number>();
        for (const row of told) {
          const event = notificationEventOf(row.event as string)!;
          if (event === 'first_used') {
            for (const id of String(row.mandate_id).split('.')) {
              const mandate = used.get(id);
              if (!mandate || mandate.firstUsedAt !== null || firstUses.has(id)) continue;
              firstUses.set(id, Number(row.at));
              candidates.push({ ...mandate, event });
            }
            continue;
          }
          const mandate = changed.get(String(row.mandate_id));
          candidates.push({
            event,
            register: mandate?.register ?? registerOfAuditEvent(row.event as string),
            mandateId: String(row.mandate_id),
            agentId: (row.agent_id as string | null) ?? mandate?.agentId ?? '',
            principalId: (row.principal_id as string | null) ?? mandate?.principalId ?? '',
            validFrom: mandate?.validFrom ?? null,
            validUntil: mandate?.validUntil ?? null,
          });
        }
        for (const [id, at] of firstUses) {
          const { table } = TABLES[used.get(id)!.register as Register];
          await trx(table).where({ id }).whereNull('first_used_at').update({ first_used_at: at });
        }
        await enqueue(trx, candidates.filter((candidate) => candidate.agentId && candidate.principalId), now);
        await writeCursor(trx, 'audit_seq', String(rows[rows.length - 1]!.seq));
        return rows.length;
      });
    },

    async collectExpiries(today, days, now) {
      return db.transaction(async (trx) => {
        const expiring = expiringWindow(today, days, await readCursor(trx, 'expiring_through'));
        const expired = expiredWindow(today, await readCursor(trx, 'expired_through'));
        const candidates: Candidate[] = [];
        for (const [event, window] of [['expiring', expiring], ['expired', expired]] as const) {
          if (window.through <= window.after) continue;
          for (const register of REGISTER_ORDER) {
            const { table, agent, principal } = TABLES[register];
            const query = trx(table)
              .where('valid_until', '>', window.after)
              .where('valid_until', '<=', window.through)
              .whereNull('ended_at')
              .select('id', `${agent} as agent_id`, `${principal} as principal_id`, 'valid_from', 'valid_until');
            // A voluntary mandate holds only once active (a pending one that was never activated just lapses).
            if (register === 'voluntary') query.where('status', 'active');
            for (const row of (await query) as Row[]) {
              candidates.push({
                event,
                register,
                mandateId: row.id as string,
                agentId: row.agent_id as string,
                principalId: row.principal_id as string,
                validFrom: row.valid_from as string,
                validUntil: row.valid_until as string,
              });
            }
          }
        }
        const added = await enqueue(trx, candidates, now);
        if (expiring.through > expiring.after) await writeCursor(trx, 'expiring_through', expiring.through);
        if (expired.through > expired.after) await writeCursor(trx, 'expired_through', expired.through);
        return added;
      });
    },

    async claim(now, limit, token) {
      const ids = await db.transaction(async (trx) => {
        const due = trx('notifications').whereIn('status', ['pending', 'sending']).where('next_attempt_at', '<=', now).orderBy('next_attempt_at').limit(limit).select('id');
        if (postgres) due.forUpdate().skipLocked();
        const rows = ((await due) as Row[]).map((row) => row.id as string);
        if (!rows.length) return [];
        await trx('notifications')
          .whereIn('id', rows)
          .whereIn('status', ['pending', 'sending'])
          .where('next_attempt_at', '<=', now)
          .update({ status: 'sending', claim_token: token, next_attempt_at: now + LEASE_MS, attempts: trx.raw('attempts + 1') });
        return rows;
      });
      if (!ids.length) return [];
      const rows = (await db('notifications as n')
        .leftJoin('person_contacts as c', 'c.party_id', 'n.recipient_id')
        .whereIn('n.id', ids)
        .where('n.claim_token', token)
        .orderBy('n.id')
        .select('n.id', 'n.event', 'n.register', 'n.mandate_id', 'n.recipient_id', 'n.attempts', 'n.detail', 'c.email', 'c.locale')) as Row[];
      const details = rows.map((row) => JSON.parse(String(row.detail)) as { agent_id: string; principal_id: string; valid_from: string | null; valid_until: string | null });
      const partyIds = [...new Set(details.flatMap((detail) => [detail.agent_id, detail.principal_id]))];
      const names = new Map<string, string>();
      if (partyIds.length) for (const row of (await db('parties').whereIn('id', partyIds).select('id', 'name')) as Row[]) names.set(row.id as string, row.name as string);
      return rows.map((row, i): ClaimedNotification => {
        const detail = details[i]!;
        return {
          id: row.id as string,
          event: row.event as NotificationEvent,
          register: row.register as Register,
          mandateId: row.mandate_id as string,
          recipientId: row.recipient_id as string,
          attempt: Number(row.attempts),
          email: (row.email as string | null) ?? undefined,
          locale: row.locale === 'en' ? 'en' : 'nl',
          principalName: names.get(detail.principal_id) ?? '',
          agentName: names.get(detail.agent_id) ?? '',
          recipientIs: row.recipient_id === detail.principal_id ? 'principal' : 'agent',
          validFrom: detail.valid_from,
          validUntil: detail.valid_until,
        };
      });
    },

    async markSent(id, token, at) {
      const changed = await db('notifications').where({ id, claim_token: token, status: 'sending' }).update({ status: 'sent', sent_at: at, claim_token: null, last_error: null });
      return changed === 1;
    },

    async markFailed(id, token, error, retryAt) {
      await db('notifications')
        .where({ id, claim_token: token, status: 'sending' })
        .update(retryAt === undefined ? { status: 'failed', claim_token: null, last_error: error.slice(0, 1000) } : { status: 'pending', claim_token: null, next_attempt_at: retryAt, last_error: error.slice(0, 1000) });
    },

    async markDropped(id, token, reason) {
      await db('notifications').where({ id, claim_token: token, status: 'sending' }).update({ status: 'dropped', claim_token: null, last_error: reason });
    },
  };
}
