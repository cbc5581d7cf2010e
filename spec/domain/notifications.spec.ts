// The notification rules: which audit events are told as what, the dedupe key, the expiry windows, backoff, renewal.
import assert from 'node:assert/strict';
import { backoffAfter, dedupeKey, expiredWindow, expiringWindow, MAX_ATTEMPTS, MAX_BACKOFF_MS, notificationEventOf, recipientsOf, registerOfAuditEvent, renewalPath, renewalTerms } from '../../server/domain/notifications.ts';

describe('domain: notifications', () => {
  it('tells the issue\'s events from the audit log, and nothing else', () => {
    assert.equal(notificationEventOf('mandate.requested'), 'requested');
    assert.equal(notificationEventOf('mandate.granted'), 'granted');
    assert.equal(notificationEventOf('register.legal_mandate.added'), 'granted');
    assert.equal(notificationEventOf('mandate.activated'), 'activated');
    assert.equal(notificationEventOf('mandate.approved'), 'activated');
    assert.equal(notificationEventOf('mandate.revoked'), 'revoked');
    assert.equal(notificationEventOf('register.company_mandate.ended'), 'revoked');
    assert.equal(notificationEventOf('mandate.used'), 'first_used');
    for (const silent of ['mandate.declined', 'mandate.activation_failed', 'register.imported', 'client.registered']) assert.equal(notificationEventOf(silent), undefined, silent);
    assert.equal(registerOfAuditEvent('register.company_mandate.added'), 'company');
    assert.equal(registerOfAuditEvent('mandate.granted'), 'voluntary');
  });

  it('tells both parties once per event, and an expiry once per last day', () => {
    assert.deepEqual(recipientsOf({ principalId: 'p', agentId: 'a' }), ['p', 'a']);
    assert.equal(dedupeKey('p', 'granted', 'm', '2031-01-01'), 'p|granted|m');
    assert.equal(dedupeKey('p', 'expiring', 'm', '2031-01-01'), 'p|expiring|m|2031-01-01');
  });

  it('looks at each last day once: 30 days ahead for reminders, yesterday for expiries', () => {
    assert.deepEqual(expiringWindow('2031-04-15', 30, null), { after: '2031-04-14', through: '2031-05-15' });
    assert.deepEqual(expiringWindow('2031-04-16', 30, '2031-05-15'), { after: '2031-05-15', through: '2031-05-16' });
    assert.deepEqual(expiredWindow('2031-05-16', null), { after: '2031-05-14', through: '2031-05-15' });
    assert.deepEqual(expiredWindow('2031-05-16', '2031-05-15'), { after: '2031-05-15', through: '2031-05-15' });
  });

  it('waits twice as long after each failure, at most six hours, and gives up after the last attempt', () => {
    assert.deepEqual([1, 2, 3].map(backoffAfter), [60_000, 120_000, 240_000]);
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) assert.ok(backoffAfter(attempt)! <= MAX_BACKOFF_MS);
    assert.equal(backoffAfter(MAX_ATTEMPTS), undefined);
  });

  it('proposes a renewal from the day after the end, as long as before, at most five years', () => {
    assert.deepEqual(renewalTerms('2031-04-01', '2031-05-15'), { validFrom: '2031-05-16', validUntil: '2031-06-29' });
    assert.deepEqual(renewalTerms('2026-01-01', '2030-12-31'), { validFrom: '2031-01-01', validUntil: '2035-12-31' });
    assert.deepEqual(renewalTerms('2020-01-01', '2030-01-01'), { validFrom: '2030-01-02', validUntil: '2035-01-02' });
    assert.equal(renewalPath('m-1', { validFrom: '2031-05-16', validUntil: '2031-06-29' }), '/mijn/machtigingen/nieuw?verleng=m-1&valid_from=2031-05-16&valid_until=2031-06-29');
  });
});
