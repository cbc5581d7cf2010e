// The decision rule of the decision API: the index's options decide a permit, and a deny names the rule of
// mandates.ts that refuses the mandate that came closest to holding; a caller asks about its own services only.
import assert from 'node:assert/strict';
import { decideAccess, mayAskAbout, partiesActedFor, representativesOf, type DecisionRegisters } from '../../server/domain/decisions.ts';
import { createMandateIndex, type MandateRegister } from '../../server/domain/mandate_index.ts';
import { mayUseFor, refusalOf, type Mandate } from '../../server/domain/mandates.ts';
import type { Party } from '../../server/domain/parties.ts';
import { legalMandate, person, service, voluntaryMandate } from './builders.ts';

/** In-memory registers: a fixed list, read as the persistence reads it. */
function registersOf(mandates: Mandate[], parties: Party[]): MandateRegister & DecisionRegisters {
  return {
    async findHeldBy(agentIds) {
      return mandates.filter((mandate) => agentIds.includes(mandate.agentId));
    },
    async findByIds(ids) {
      return mandates.filter((mandate) => ids.includes(mandate.id));
    },
    async findBetween(agentId, principalId) {
      return mandates.filter((mandate) => mandate.agentId === agentId && mandate.principal.id === principalId);
    },
    async findHeldFor(principalIds) {
      return mandates.filter((mandate) => principalIds.includes(mandate.principal.id)).map((mandate) => ({ mandate, agent: parties.find((party) => party.id === mandate.agentId)! }));
    },
    async findParty() {
      return undefined;
    },
  };
}

describe('decisions (the decision API’s rule)', () => {
  const jan = person({ name: 'Jan Jansen' });
  const anna = person({ name: 'Anna de Vries', bsn: '999990019', birthDate: '1950-05-05' });
  const bijstand = service();
  const today = '2026-06-01';

  const decide = (mandates: Mandate[], question: Partial<Parameters<typeof decideAccess>[1]> = {}) => {
    const registers = registersOf(mandates, [jan, anna]);
    return decideAccess({ index: createMandateIndex([registers]), registers }, { agent: jan, principal: anna, service: bijstand, at: today, ...question });
  };

  it('permits through a mandate the index offers, naming it', async () => {
    const mandate = legalMandate({ agentId: jan.id, principal: anna });
    const decision = await decide([mandate]);
    assert.deepEqual([decision.decision, decision.rule, decision.mandate?.mandateId, decision.mandate?.basis], [true, 'mandate_holds', mandate.id, 'legal']);
  });

  it('denies with no_mandate when the registers hold nothing between the two, or either is unknown', async () => {
    assert.equal((await decide([])).rule, 'no_mandate');
    assert.deepEqual(await decide([legalMandate({ agentId: jan.id, principal: anna })], { agent: undefined }), { decision: false, rule: 'no_mandate' });
  });

  it('names the refusal of the mandate that came closest to holding', async () => {
    const ended = legalMandate({ agentId: jan.id, principal: anna, validFrom: '2020-01-01', validUntil: '2026-05-31' });
    const otherService = voluntaryMandate({ agentId: jan.id, principal: anna, serviceUuids: ['some-other-service'] });
    assert.equal((await decide([otherService, ended])).rule, 'mandate_ended');
    assert.equal((await decide([otherService])).rule, 'service_not_covered');
    assert.equal((await decide([voluntaryMandate({ agentId: jan.id, principal: anna, status: 'revoked' })])).rule, 'mandate_revoked');
    assert.equal((await decide([legalMandate({ agentId: jan.id, principal: anna, validFrom: '2026-07-01', validUntil: null })])).rule, 'mandate_not_yet_valid');
  });

  it('denies a withdrawn service, and a login below the service’s level', async () => {
    const mandate = legalMandate({ agentId: jan.id, principal: anna });
    assert.equal((await decide([mandate], { service: service({ withdrawnAt: '2026-01-01T00:00:00Z' }) })).rule, 'service_withdrawn');
    assert.equal((await decide([mandate], { acr: 'http://eidas.europa.eu/LoA/low' })).rule, 'level_too_low');
  });

  it('permits acting for oneself only where the service allows it', async () => {
    assert.equal((await decide([], { principal: jan })).rule, 'acting_for_self');
    assert.equal((await decide([], { principal: jan, service: service({ selfAllowed: false }) })).rule, 'self_not_allowed');
  });

  it('refusalOf is the rule mayUseFor applies: no refusal exactly when usable', () => {
    const mandates = [legalMandate(), legalMandate({ validUntil: '2026-01-01' }), voluntaryMandate({ status: 'pending' }), voluntaryMandate({ serviceUuids: [] })];
    for (const mandate of mandates) assert.equal(refusalOf(mandate, bijstand, today) === undefined, mayUseFor(mandate, bijstand, today));
  });

  it('searches: the parties jan may act for (himself first), and Anna’s representatives', async () => {
    const mandate = legalMandate({ agentId: jan.id, principal: anna });
    const registers = registersOf([mandate, legalMandate({ agentId: jan.id, principal: anna, id: 'ended', validUntil: '2026-01-01' })], [jan, anna]);
    const index = createMandateIndex([registers]);
    assert.deepEqual((await partiesActedFor({ index }, jan, bijstand, today)).map((found) => found.principal.name), ['Jan Jansen', 'Anna de Vries']);
    assert.deepEqual((await representativesOf({ registers }, anna, bijstand, today)).map((found) => [found.agent.name, found.mandate.mandateId]), [['Jan Jansen', mandate.id]]);
  });

  it('lets a caller ask about its own service providers’ services only', () => {
    assert.equal(mayAskAbout(service({ providerId: 'gemeente' }), ['gemeente']), true);
    assert.equal(mayAskAbout(service({ providerId: 'ziekenhuis' }), ['gemeente']), false);
  });
});
