import assert from 'node:assert/strict';
import { createMandateIndex, SELF } from '../../server/domain/mandate_index.ts';
import type { MandateOption, MandateRegister } from '../../server/domain/mandate_index.ts';
import type { IsoDate } from '../../server/domain/dates.ts';
import type { Mandate } from '../../server/domain/mandates.ts';
import type { Service } from '../../server/domain/services.ts';
import { companyMandate, legalMandate, organisation, person, service, voluntaryMandate } from './builders.ts';

const AT = '2026-06-15';

/** An in-memory register: holds a fixed list and records every query. */
class FakeRegister implements MandateRegister {
  readonly calls: { agentIds: string[]; service: Service; at: IsoDate }[] = [];
  constructor(private readonly mandates: Mandate[]) {}

  async findHeldBy(agentIds: readonly string[], target: Service, at: IsoDate): Promise<Mandate[]> {
    this.calls.push({ agentIds: [...agentIds], service: target, at });
    return this.mandates.filter((mandate) => agentIds.includes(mandate.agentId));
  }

  async findByIds(ids: readonly string[]): Promise<Mandate[]> {
    return this.mandates.filter((mandate) => ids.includes(mandate.id));
  }
}

const ids = (options: MandateOption[]) => options.map((option) => option.id);
const principalNames = (options: MandateOption[]) =>
  options.map((option) => (option.kind === 'self' ? SELF : option.links[option.links.length - 1]!.principal.name));

describe('mandate index', () => {
  const agent = person({ name: 'Jan Jansen' });
  const bijstand = service({ selfAllowed: true });

  describe('acting for oneself', () => {
    it('comes first when the service allows it', async () => {
      const index = createMandateIndex([new FakeRegister([voluntaryMandate({ agentId: agent.id })])]);
      const options = await index.optionsFor(agent, bijstand, AT);
      assert.deepEqual(options[0], { id: SELF, kind: 'self' });
      assert.equal(options.length, 2);
    });

    it('is absent when the service does not allow it', async () => {
      const index = createMandateIndex([new FakeRegister([voluntaryMandate({ agentId: agent.id })])]);
      const options = await index.optionsFor(agent, service({ selfAllowed: false }), AT);
      assert.ok(options.every((option) => option.kind !== 'self'));
      assert.equal(options.length, 1);
    });

    it('is the only option for someone who holds no mandates', async () => {
      const index = createMandateIndex([new FakeRegister([])]);
      assert.deepEqual(await index.optionsFor(agent, bijstand, AT), [{ id: SELF, kind: 'self' }]);
    });
  });

  it('sorts the options by the name of the represented party, across registers', async () => {
    const names = ['Carla Claassen', 'Anna de Vries', 'Bram Bakker'];
    const [c, a, b] = names.map((name) => voluntaryMandate({ agentId: agent.id, principal: person({ name }) }));
    const index = createMandateIndex([new FakeRegister([c!]), new FakeRegister([a!, b!])]);
    const options = await index.optionsFor(agent, bijstand, AT);
    assert.deepEqual(principalNames(options), [SELF, 'Anna de Vries', 'Bram Bakker', 'Carla Claassen']);
  });

  it('leaves out mandates that may not be used for the service now', async () => {
    const usable = voluntaryMandate({ agentId: agent.id, principal: person({ name: 'Anna de Vries' }) });
    const unusable = [
      voluntaryMandate({ agentId: agent.id, status: 'revoked' }),
      voluntaryMandate({ agentId: agent.id, status: 'pending' }),
      voluntaryMandate({ agentId: agent.id, validUntil: '2026-06-14' }),
      voluntaryMandate({ agentId: agent.id, serviceUuids: ['another-service'] }),
      legalMandate({ agentId: agent.id, legalType: 'mentorschap' }),
    ];
    const index = createMandateIndex([new FakeRegister([...unusable, usable])]);
    assert.deepEqual(ids(await index.optionsFor(agent, bijstand, AT)), [SELF, usable.id]);
  });

  describe('chains through an organisation', () => {
    const firm = organisation({ name: 'Bewindvoering Noord B.V.' });
    const client = person({ name: 'Anna de Vries', birthDate: '1950-05-05' });
    const employment = companyMandate({ agentId: agent.id, principal: firm });
    const bewind = legalMandate({ agentId: firm.id, principal: client, legalType: 'bewind', professional: true });

    it('offers the client of the organisation, with both links, as <company>.<legal>', async () => {
      const index = createMandateIndex([new FakeRegister([employment]), new FakeRegister([bewind])]);
      const options = await index.optionsFor(agent, service({ selfAllowed: false, bases: ['legal'] }), AT);
      assert.equal(options.length, 1);
      const [chain] = options;
      assert.ok(chain && chain.kind === 'mandate');
      assert.equal(chain.id, `${employment.id}.${bewind.id}`);
      assert.deepEqual(chain.links, [employment, bewind]);
    });

    it('also offers the organisation itself when the service accepts the company basis', async () => {
      const index = createMandateIndex([new FakeRegister([employment, bewind])]);
      const options = await index.optionsFor(agent, service({ selfAllowed: false }), AT);
      assert.deepEqual(ids(options).sort(), [employment.id, `${employment.id}.${bewind.id}`].sort());
    });

    it('asks every register twice in all, however many organisations the agent works for', async () => {
      const firms = ['Bewind Oost B.V.', 'Bewind West B.V.', 'Bewind Zuid B.V.'].map((name) => organisation({ name }));
      const employments = firms.map((org) => companyMandate({ agentId: agent.id, principal: org }));
      const clients = firms.map((org, i) =>
        legalMandate({ agentId: org.id, principal: person({ name: `Cliënt ${i + 1}` }), legalType: 'curatele' }),
      );
      const companyRegister = new FakeRegister(employments);
      const legalRegister = new FakeRegister(clients);
      const index = createMandateIndex([companyRegister, legalRegister]);

      const options = await index.optionsFor(agent, service({ selfAllowed: false, bases: ['legal'] }), AT);

      assert.deepEqual(principalNames(options), ['Cliënt 1', 'Cliënt 2', 'Cliënt 3']);
      for (const register of [companyRegister, legalRegister]) {
        assert.equal(register.calls.length, 2);
        assert.deepEqual(register.calls[0]!.agentIds, [agent.id]);
        assert.deepEqual([...register.calls[1]!.agentIds].sort(), firms.map((org) => org.id).sort());
      }
    });

    it('asks only once when the agent works for no organisation', async () => {
      const register = new FakeRegister([voluntaryMandate({ agentId: agent.id })]);
      await createMandateIndex([register]).optionsFor(agent, bijstand, AT);
      assert.equal(register.calls.length, 1);
    });

    it('offers no chain when the company mandate does not cover the service', async () => {
      const elsewhere = companyMandate({ agentId: agent.id, principal: firm, serviceUuids: ['another-service'] });
      const index = createMandateIndex([new FakeRegister([elsewhere, bewind])]);
      assert.deepEqual(await index.optionsFor(agent, service({ selfAllowed: false }), AT), []);
    });

    it("offers no chain when the organisation's own mandate does not cover the service", async () => {
      const mentor = legalMandate({ agentId: firm.id, principal: client, legalType: 'mentorschap' });
      const index = createMandateIndex([new FakeRegister([employment, mentor])]);
      assert.deepEqual(await index.optionsFor(agent, service({ selfAllowed: false, bases: ['legal'] }), AT), []);
    });

    it('does not chain two company mandates', async () => {
      const parent = companyMandate({ agentId: firm.id, principal: organisation({ name: 'Holding B.V.' }) });
      const index = createMandateIndex([new FakeRegister([employment, parent])]);
      const options = await index.optionsFor(agent, service({ selfAllowed: false }), AT);
      assert.deepEqual(ids(options), [employment.id]);
    });
  });

  describe('findOption', () => {
    const mine = voluntaryMandate({ agentId: agent.id });
    const theirs = voluntaryMandate({ agentId: 'someone-else' });
    const index = createMandateIndex([new FakeRegister([mine, theirs])]);

    it("finds one of the agent's options by id", async () => {
      const option = await index.findOption(agent, bijstand, mine.id, AT);
      assert.ok(option && option.kind === 'mandate');
      assert.deepEqual(option.links, [mine]);
    });

    it('finds self where the service allows it, and not where it does not', async () => {
      assert.deepEqual(await index.findOption(agent, bijstand, SELF, AT), { id: SELF, kind: 'self' });
      assert.equal(await index.findOption(agent, service({ selfAllowed: false }), SELF, AT), undefined);
    });

    it('returns undefined for a mandate id that is not the agent’s', async () => {
      assert.equal(await index.findOption(agent, bijstand, theirs.id, AT), undefined);
    });

    it('finds the agent’s own mandate when another register holds a mandate of someone else with the same id', async () => {
      const same = 'a0000000-0000-4000-8000-0000000000aa';
      const stranger = person({ name: 'Iemand Anders' });
      const mineLegal = legalMandate({ id: same, agentId: agent.id, principal: person({ name: 'Anna de Vries' }) });
      const theirsCompany = companyMandate({ id: same, agentId: stranger.id, principal: organisation({ name: 'Elders B.V.' }) });
      const twice = createMandateIndex([new FakeRegister([mineLegal]), new FakeRegister([theirsCompany])]);
      const found = await twice.findOption(agent, bijstand, same, AT);
      assert.equal(found?.kind === 'mandate' && found.links[0].basis, 'legal');
    });

    it('returns undefined for an unknown id', async () => {
      assert.equal(await index.findOption(agent, bijstand, 'no-such-mandate', AT), undefined);
    });

    it('returns undefined once the mandate has ended', async () => {
      const ending = voluntaryMandate({ agentId: agent.id, validUntil: '2026-06-14' });
      const later = createMandateIndex([new FakeRegister([ending])]);
      assert.ok(await later.findOption(agent, bijstand, ending.id, '2026-06-14'));
      assert.equal(await later.findOption(agent, bijstand, ending.id, AT), undefined);
    });
  });
});
