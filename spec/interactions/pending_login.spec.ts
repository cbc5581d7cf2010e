// When a login may wait on its interaction for the choice (server/interactions/pending_login.ts): only a first login
// that the selection prompt follows directly; and a waiting login is read from its own interaction only.
import assert from 'node:assert/strict';
import { requiredLevel } from '../../server/domain/services.ts';
import type { Step } from '../../server/interactions/context.ts';
import { pendingLogin, selectionFollows } from '../../server/interactions/pending_login.ts';
import { SERVICES } from '../../seeds/personas.ts';

const LOW = 'http://eidas.europa.eu/LoA/low';
const SUBSTANTIAL = 'http://eidas.europa.eu/LoA/substantial';
const HIGH = 'http://eidas.europa.eu/LoA/high';
const SERVICE = SERVICES.find((service) => service.id === 'urn:namens:service:bijzondere-bijstand')!;

/** A step of the login prompt, as loadStep makes it, with only what the decision reads. */
function step({ reasons = ['no_session'], params = {}, session, result, prompt = 'login', uid = 'uid-1', service = SERVICE }: {
  reasons?: string[];
  params?: Record<string, unknown>;
  session?: { accountId?: string };
  result?: unknown;
  prompt?: string;
  uid?: string;
  service?: typeof SERVICE | undefined;
} = {}): Step {
  return {
    uid,
    service,
    details: { uid, prompt: { name: prompt, reasons, details: {} }, params: { scope: `openid urn:uuid:${SERVICE.uuid}`, ...params }, session, result },
  } as unknown as Step;
}

describe('interactions: pending_login', () => {
  it('the level a request needs: the service\'s, raised (never lowered) by the lowest of acr_values', () => {
    assert.equal(requiredLevel(SUBSTANTIAL, undefined), SUBSTANTIAL);
    assert.equal(requiredLevel(SUBSTANTIAL, `${HIGH} ${SUBSTANTIAL}`), SUBSTANTIAL);
    assert.equal(requiredLevel(SUBSTANTIAL, HIGH), HIGH);
    assert.equal(requiredLevel(SUBSTANTIAL, LOW), SUBSTANTIAL);
    assert.equal(requiredLevel(undefined, 'urn:unknown'), undefined);
  });

  it('a first login for a named service, at a level it accepts, may wait for the choice', () => {
    assert.equal(selectionFollows(step(), SUBSTANTIAL), true);
    assert.equal(selectionFollows(step(), HIGH), true);
    assert.equal(selectionFollows(step({ reasons: ['login_prompt', 'no_session', 'max_age'], params: { prompt: 'login', max_age: 0 } }), SUBSTANTIAL), true);
  });

  const apart: Array<[string, Step, string]> = [
    ['a level below the service\'s (the login prompt comes again)', step(), LOW],
    ['a level below acr_values', step({ params: { acr_values: HIGH } }), SUBSTANTIAL],
    ['no service named (no selection follows)', step({ params: { scope: 'openid' }, service: undefined }), SUBSTANTIAL],
    ['a live session (step-up, re-login)', step({ reasons: ['login_prompt'], session: { accountId: '999993653' } }), SUBSTANTIAL],
    ['an id_token_hint', step({ reasons: ['no_session', 'id_token_hint'], params: { id_token_hint: 'eyJ' } }), SUBSTANTIAL],
    ['an essential acr', step({ reasons: ['no_session', 'essential_acrs'] }), SUBSTANTIAL],
    ['a requested sub', step({ reasons: ['no_session', 'claims_id_token_sub_value'] }), SUBSTANTIAL],
    ['a reason it does not know', step({ reasons: ['no_session', 'something_new'] }), SUBSTANTIAL],
    ['another prompt than login', step({ prompt: 'select_mandate', reasons: ['mandate_not_selected'] }), SUBSTANTIAL],
  ];
  for (const [what, at, acr] of apart) {
    it(`keeps the prompts apart for ${what}`, () => assert.equal(selectionFollows(at, acr), false));
  }

  it('reads a waiting login from its own interaction only, and only while it may still wait', () => {
    const login = { accountId: '999993653', acr: SUBSTANTIAL, amr: ['pwd'], ts: 1 };
    assert.deepEqual(pendingLogin(step({ result: { login, pending_login: 'uid-1' } })), login);
    assert.equal(pendingLogin(step({ result: { login, pending_login: 'uid-2' } })), undefined, 'marked for another interaction');
    assert.equal(pendingLogin(step({ result: { login } })), undefined, 'a finished login (resume due, or an upstream callback)');
    assert.equal(pendingLogin(step({ result: { login: { ...login, acr: LOW }, pending_login: 'uid-1' } })), undefined);
    assert.equal(pendingLogin(step({ result: { login, pending_login: 'uid-1' }, session: { accountId: '999990196' }, reasons: ['login_prompt'] })), undefined);
    assert.equal(pendingLogin(step({ result: { error: 'access_denied' } })), undefined);
    assert.equal(pendingLogin(step()), undefined);
  });
});
