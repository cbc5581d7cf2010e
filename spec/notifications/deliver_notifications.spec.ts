// The notification worker against a real SMTP server in the test process (parsed with mailparser) and the real
// database (SQLite, or PostgreSQL with TEST_POSTGRES_URL): each event arrives once at each party who gave an address,
// in their language; a worker stopped mid-delivery loses nothing and resends only under the same Message-ID; failures
// are retried later and given up in the end; the expiry reminder goes out on the right day of a fixed clock.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashCode, newActivationCode } from '../../server/domain/my_mandates.ts';
import type { Mandate } from '../../server/domain/mandates.ts';
import type { Service } from '../../server/domain/services.ts';
import { LEASE_MS, MAX_ATTEMPTS, MAX_BACKOFF_MS } from '../../server/domain/notifications.ts';
import { deliverNotifications } from '../../server/notifications/deliver_notifications.ts';
import { createSmtpMailer, type Mailer } from '../../server/notifications/smtp_mailer.ts';
import { createAuditLog } from '../../server/persistence/audit_repository.ts';
import { createContactRepository } from '../../server/persistence/contact_repository.ts';
import { migrateLatest, openDatabase, type Database } from '../../server/persistence/database.ts';
import { createMyMandatesRepository } from '../../server/persistence/my_mandates_repository.ts';
import { createNotificationStore } from '../../server/persistence/notification_store.ts';
import { addMandate, endMandate } from '../../server/domain/register_mandates.ts';
import { toRecord } from '../../server/domain/register_records.ts';
import { createRegisterStore, loadCatalogLookup } from '../../server/persistence/register_store.ts';
import { SERVICES } from '../../seeds/personas.ts';
import { seedDatabase } from '../../seeds/seed.ts';
import { freshDatabase } from '../support/server.ts';
import { startSmtpInbox, type ReceivedMail, type SmtpInbox } from './smtp_inbox.ts';

const ISSUER = 'http://localhost:3000';
const SERVICE = SERVICES.find((service) => service.id.endsWith(':jaaropgave-bijstand'))!;
const TRUUS = { kind: 'person' as const, id: 'person-truus', bsn: '999990123', name: 'Truus de Boer', birthDate: null };
const KEES = { kind: 'person' as const, id: 'person-kees', bsn: '999990111', name: 'Kees de Boer', birthDate: null };
const DAY = 86_400_000;

let sequence = 0;
const mandateId = () => `e0000000-0000-4000-8000-${String(++sequence).padStart(12, '0')}`;

describe('notifications: the delivery worker', function () {
  this.timeout(60_000);
  let dir: string;
  let drop: () => Promise<void>;
  let db: Database;
  let inbox: SmtpInbox;
  let mailer: Mailer;
  let now = Date.parse('2031-03-01T09:00:00Z');
  const clock = () => new Date(now);
  const repository = () => createMyMandatesRepository(db);
  const run = (over: Mailer = mailer) => deliverNotifications({ outbox: createNotificationStore(db), mailer: over, clock, issuer: ISSUER, expiryDays: 30, batchSize: 10 });
  const to = (address: string, mails: ReceivedMail[] = inbox.mails) => mails.filter((mail) => mail.to === address);
  const since = (count: number) => inbox.mails.slice(count);

  async function grant(validFrom: string, validUntil: string, activate = false): Promise<string> {
    const id = mandateId();
    const code = newActivationCode();
    await repository().create(
      { id, principalId: TRUUS.id, agentId: KEES.id, serviceUuids: [SERVICE.uuid], validFrom, validUntil, status: 'pending', by: TRUUS.id, at: now, activation: { codeHash: hashCode(code), expiresAt: now + 14 * DAY } },
      () => [],
    );
    if (activate) assert.equal(await repository().activate({ mandateId: id, by: KEES.id, at: now }, code), 'activated');
    return id;
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'namens-notify-'));
    const database = await freshDatabase(dir);
    drop = database.drop;
    db = openDatabase({ databaseUrl: database.url, poolMax: 2 });
    await migrateLatest(db);
    await seedDatabase(db, { testUserPassword: 'namens-test' });
    inbox = await startSmtpInbox();
    mailer = createSmtpMailer(inbox.url, 'namens <noreply@namens.test>');
    const contacts = createContactRepository(db);
    await contacts.save({ partyId: TRUUS.id, email: 'truus@example.nl', locale: 'nl', updatedAt: now });
    await contacts.save({ partyId: KEES.id, email: 'kees@example.com', locale: 'en', updatedAt: now });
  });
  after(async () => {
    mailer.close();
    await inbox.close();
    await db.destroy();
    await drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('sends each event once to the principal and once to the agent, in the language each chose', async () => {
    const code = newActivationCode();
    const granted = mandateId();
    await repository().create(
      { id: granted, principalId: TRUUS.id, agentId: KEES.id, serviceUuids: [SERVICE.uuid], validFrom: '2031-03-01', validUntil: '2032-02-29', status: 'pending', by: TRUUS.id, at: now, activation: { codeHash: hashCode(code), expiresAt: now + 14 * DAY } },
      () => [],
    );
    assert.equal(await repository().activate({ mandateId: granted, by: KEES.id, at: now }, code), 'activated');
    const link = { id: granted, basis: 'voluntary', agentId: KEES.id, principal: TRUUS, legalType: null, professional: null, validFrom: '2031-03-01', validUntil: '2032-02-29', serviceUuids: [SERVICE.uuid], status: 'active' } as Mandate;
    const use = { agent: KEES, option: { id: granted, kind: 'mandate' as const, links: [link] as [Mandate] }, service: SERVICE as unknown as Service, clientId: 'demo-gemeente', grantType: 'authorization_code' };
    await createAuditLog(db).recordMandateUse({ ...use, at: new Date(now) });
    await createAuditLog(db).recordMandateUse({ ...use, at: new Date(now + 1000) });
    const requested = mandateId();
    await repository().create({ id: requested, principalId: TRUUS.id, agentId: KEES.id, serviceUuids: [SERVICES.find((s) => s.id.endsWith(':bijzondere-bijstand'))!.uuid], validFrom: '2031-03-01', validUntil: '2031-12-31', status: 'requested', by: KEES.id, at: now }, () => []);
    assert.equal(await repository().revoke({ mandateId: granted, by: TRUUS.id, at: now + 2000 }), true);

    const report = await run();
    assert.equal(report.sent, 10);
    const truus = to('truus@example.nl').map((mail) => mail.subject).sort();
    assert.deepEqual(truus, [
      'De machtiging voor Kees de Boer is actief',
      'De machtiging voor Kees de Boer is beëindigd',
      'Kees de Boer heeft de machtiging voor het eerst gebruikt',
      'Kees de Boer vraagt een machtiging van u',
      'U hebt Kees de Boer gemachtigd',
    ]);
    const kees = to('kees@example.com').map((mail) => mail.subject).sort();
    assert.deepEqual(kees, [
      'Truus de Boer has granted you a mandate',
      'You used the mandate from Truus de Boer for the first time',
      'Your mandate from Truus de Boer has ended',
      'Your mandate from Truus de Boer is active',
      'Your request for a mandate from Truus de Boer',
    ]);
    assert.ok(inbox.mails.every((mail) => mail.from === 'noreply@namens.test'));
    assert.match(to('truus@example.nl').find((mail) => mail.subject.startsWith('U hebt'))!.text, /^Beste Truus de Boer,\n\nU hebt Kees de Boer gemachtigd/);
    assert.equal(new Set(inbox.mails.map((mail) => mail.messageId)).size, 10, 'every message its own Message-ID');
    // The first use was written once, on the register's row.
    const row = await db('voluntary_mandates').where({ id: granted }).first('first_used_at');
    assert.equal(Number(row.first_used_at), now);

    // Nothing is sent twice: another run, another use.
    await createAuditLog(db).recordMandateUse({ ...use, at: new Date(now + 5000) });
    assert.equal((await run()).sent, 0);
    assert.equal(inbox.mails.length, 10);
  });

  it('tells a register\'s mandate added and ended (admin API, command line) as recorded and ended', async () => {
    const before = inbox.mails.length;
    const store = createRegisterStore(db);
    const record = toRecord('legal', { representative_bsn: KEES.bsn, represented_bsn: TRUUS.bsn, type: 'mentorschap', professional: false, valid_from: '2031-03-01' });
    const added = await addMandate(store, record, await loadCatalogLookup(db), 'admin', new Date(now));
    assert.ok('id' in added, JSON.stringify(added));
    assert.equal(await endMandate(store, 'legal', added.id, '2031-03-10', 'admin', new Date(now)), true);
    assert.equal((await run()).sent, 4);
    assert.deepEqual(since(before).map((mail) => mail.subject).sort(), [
      'De machtiging voor Kees de Boer is beëindigd',
      'Kees de Boer mag namens u handelen',
      'You may act on behalf of Truus de Boer',
      'Your mandate from Truus de Boer has ended',
    ]);
    assert.match(to('truus@example.nl', since(before)).find((mail) => mail.subject.endsWith('handelen'))!.text, /In het register is vastgelegd dat Kees de Boer namens u mag handelen/);
  });

  it('tells nobody who gave no address, and drops what is due for someone who removed theirs', async () => {
    const before = inbox.mails.length;
    await createContactRepository(db).remove(KEES.id);
    await grant('2031-03-02', '2031-12-31');
    const report = await run();
    assert.equal(report.sent, 1);
    assert.deepEqual(since(before).map((mail) => mail.to), ['truus@example.nl']);

    // Due for Kees (who gives his address again), but removed before the worker came round.
    await createContactRepository(db).save({ partyId: KEES.id, email: 'kees@example.com', locale: 'en', updatedAt: now });
    const other = await grant('2031-03-03', '2031-12-31');
    const store = createNotificationStore(db);
    await store.collectChanges(now, 100);
    await createContactRepository(db).remove(KEES.id);
    const dropped = await run();
    assert.equal(dropped.dropped, 1);
    assert.equal(dropped.sent, 1);
    const rows = await db('notifications').where({ mandate_id: other }).orderBy('recipient_id').select('recipient_id', 'status');
    assert.deepEqual(rows, [{ recipient_id: KEES.id, status: 'dropped' }, { recipient_id: TRUUS.id, status: 'sent' }]);
    await createContactRepository(db).save({ partyId: KEES.id, email: 'kees@example.com', locale: 'en', updatedAt: now });
  });

  it('loses nothing when a worker stops between its claim and the SMTP server, and sends again only after the lease', async () => {
    const before = inbox.mails.length;
    const id = await grant('2031-03-04', '2031-12-31');
    // A worker that claims and then never reaches the SMTP server (it stopped: its promise never settles).
    let claimed!: () => void;
    const reachedSend = new Promise<void>((resolve) => (claimed = resolve));
    const stalled: Mailer = { send: () => (claimed(), new Promise<void>(() => {})), close: () => {} };
    void run(stalled);
    await reachedSend;
    const sending = await db('notifications').where({ mandate_id: id, status: 'sending' }).count({ n: '*' }).first();
    assert.equal(Number(sending!.n), 2, 'both rows are under the stopped worker\'s lease');

    // Another worker (or the same after a restart) leaves them alone while the lease holds ...
    assert.equal((await run()).sent, 0);
    assert.equal(inbox.mails.length, before);
    // ... and sends them once it has ended.
    now += LEASE_MS + 1000;
    assert.equal((await run()).sent, 2);
    assert.deepEqual(since(before).map((mail) => mail.to).sort(), ['kees@example.com', 'truus@example.nl']);
    assert.equal((await run()).sent, 0);
  });

  it('resends a message the SMTP server accepted just before the worker stopped with the same Message-ID, and nothing else twice', async () => {
    const before = inbox.mails.length;
    const id = await grant('2031-03-05', '2031-12-31');
    // A worker that stops right after the SMTP server accepted its first message, before marking it sent.
    let accepted!: () => void;
    const oneAccepted = new Promise<void>((resolve) => (accepted = resolve));
    const stopsAfterAccept: Mailer = {
      send: async (message) => {
        await mailer.send(message);
        accepted();
        await new Promise<void>(() => {});
      },
      close: () => {},
    };
    void run(stopsAfterAccept);
    await oneAccepted;
    assert.equal(inbox.mails.length, before + 1);

    now += LEASE_MS + 1000;
    assert.equal((await run()).sent, 2);
    const arrived = since(before);
    assert.equal(arrived.length, 3);
    const [first] = arrived;
    const copies = arrived.filter((mail) => mail.to === first!.to);
    assert.equal(copies.length, 2, 'the accepted message was sent again');
    assert.equal(copies[1]!.messageId, first!.messageId, 'under the same Message-ID, so that the mailbox keeps one');
    assert.equal(arrived.filter((mail) => mail.to !== first!.to).length, 1, 'the other recipient\'s message once');
    const rows = await db('notifications').where({ mandate_id: id }).select('status');
    assert.deepEqual(rows.map((row: { status: string }) => row.status), ['sent', 'sent']);
  });

  it('retries a refused message later, ever later, and gives up after the last attempt', async () => {
    const before = inbox.mails.length;
    const id = await grant('2031-03-06', '2031-12-31');
    inbox.refuseNext(2);
    const first = await run();
    assert.deepEqual([first.sent, first.retried], [0, 2]);
    const waiting = await db('notifications').where({ mandate_id: id }).select('status', 'attempts', 'next_attempt_at', 'last_error');
    for (const row of waiting) {
      assert.equal(row.status, 'pending');
      assert.equal(Number(row.attempts), 1);
      assert.equal(Number(row.next_attempt_at), now + 60_000);
      assert.match(row.last_error, /451/);
    }
    assert.equal((await run()).sent, 0, 'not before its time');
    now += 60_000;
    assert.equal((await run()).sent, 2);
    assert.equal(since(before).length, 2);

    const doomed = await grant('2031-03-07', '2031-12-31');
    inbox.refuseAll();
    try {
      const waits: number[] = [];
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        await run();
        const row = await db('notifications').where({ mandate_id: doomed, recipient_id: TRUUS.id }).first('status', 'next_attempt_at');
        if (attempt < MAX_ATTEMPTS) {
          assert.equal(row.status, 'pending');
          waits.push(Number(row.next_attempt_at) - now);
          now = Number(row.next_attempt_at);
        } else assert.equal(row.status, 'failed');
      }
      assert.deepEqual(waits.slice(0, 3), [60_000, 120_000, 240_000]);
      assert.ok(waits.every((wait, i) => i === 0 || wait >= waits[i - 1]!) && waits.every((wait) => wait <= MAX_BACKOFF_MS));
    } finally {
      inbox.accept();
    }
    assert.equal((await run()).sent, 0, 'given up is given up');
  });

  it('sends the expiry reminder 30 days before the last day, once, with a renewal link, and the expiry notice the day after', async () => {
    now = Date.parse('2031-04-14T10:00:00Z');
    const id = await grant('2031-04-01', '2031-05-15', true);
    await run(); // granted and activated
    const before = inbox.mails.length;
    assert.equal((await run()).sent, 0, '31 days before: nothing yet');

    now = Date.parse('2031-04-15T06:00:00Z'); // 08:00 in the Netherlands, 30 days before 15 May
    assert.equal((await run()).sent, 2);
    const [reminder] = to('truus@example.nl', since(before));
    assert.equal(reminder!.subject, 'Machtiging verloopt op 2031-05-15');
    assert.ok(reminder!.text.includes(`${ISSUER}/mijn/machtigingen/nieuw?verleng=${id}&valid_from=2031-05-16&valid_until=2031-06-29`), reminder!.text);
    const [english] = to('kees@example.com', since(before));
    assert.equal(english!.subject, 'Mandate expires on 2031-05-15');
    assert.ok(!english!.text.includes('verleng='), 'only the principal can grant it again');

    now = Date.parse('2031-04-16T06:00:00Z');
    assert.equal((await run()).sent, 0, 'the day after: not again');
    now = Date.parse('2031-05-15T12:00:00Z');
    assert.equal((await run()).sent, 0, 'the last day: still valid');
    now = Date.parse('2031-05-16T06:00:00Z');
    assert.equal((await run()).sent, 2);
    assert.deepEqual(since(before + 2).map((mail) => mail.subject).sort(), ['Machtiging verlopen op 2031-05-15', 'Mandate expired on 2031-05-15']);
    now = Date.parse('2031-05-17T06:00:00Z');
    assert.equal((await run()).sent, 0);
  });
});
