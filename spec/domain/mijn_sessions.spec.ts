import assert from 'node:assert/strict';
import { isSessionLive, needsTouch, sessionExpiresAt, TOUCH_INTERVAL_MS } from '../../server/domain/mijn_sessions.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const lifetime = { idleMs: 30 * MINUTE, absoluteMs: 8 * HOUR };

describe('domain: /mijn session rules', () => {
  it('ends a session 30 minutes after its last request', () => {
    const session = { createdAt: 0, lastSeenAt: 2 * HOUR };
    assert.equal(sessionExpiresAt(session, lifetime), 2 * HOUR + 30 * MINUTE);
    assert.equal(isSessionLive(session, lifetime, 2 * HOUR + 30 * MINUTE - 1), true);
    assert.equal(isSessionLive(session, lifetime, 2 * HOUR + 30 * MINUTE), false);
  });

  it('ends a session 8 hours after its login, however recent its last request', () => {
    const session = { createdAt: 0, lastSeenAt: 8 * HOUR - MINUTE };
    assert.equal(sessionExpiresAt(session, lifetime), 8 * HOUR);
    assert.equal(isSessionLive(session, lifetime, 8 * HOUR - 1), true);
    assert.equal(isSessionLive(session, lifetime, 8 * HOUR), false);
  });

  it('stores a request as the last one at most once a minute', () => {
    assert.equal(needsTouch({ lastSeenAt: 0 }, TOUCH_INTERVAL_MS - 1), false);
    assert.equal(needsTouch({ lastSeenAt: 0 }, TOUCH_INTERVAL_MS), true);
  });
});
