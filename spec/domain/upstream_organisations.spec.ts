// An employee at an organisation upstream (eHerkenning): the identity read from the upstream's claims, and what the
// mandate index offers them (the organisation the upstream vouched for, and the chains through it; never "myself").
import assert from 'node:assert/strict';
import { accountIdOf, isEmployeeAccount, subjectKeyOf } from '../../server/domain/agents.ts';
import type { IsoDate } from '../../server/domain/dates.ts';
import { createMandateIndex, type MandateRegister } from '../../server/domain/mandate_index.ts';
import type { Mandate } from '../../server/domain/mandates.ts';
import type { Employee } from '../../server/domain/parties.ts';
import { organisationIdentityFrom, vouchedMandate } from '../../server/domain/upstream_organisations.ts';
import { legalMandate, organisation, person, service } from './builders.ts';

const AT = '2026-06-15';
const CLAIMS = { identifier_claim: 'kvk', name_claim: 'name', organisation_name_claim: 'org' };

class FakeRegister implements MandateRegister {
  readonly asked: string[][] = [];
  constructor(private readonly mandates: Mandate[]) {}
  async findHeldBy(agentIds: readonly string[], _service: unknown, _at: IsoDate): Promise<Mandate[]> {
    this.asked.push([...agentIds]);
    return this.mandates.filter((mandate) => agentIds.includes(mandate.agentId));
  }

  async findByIds(ids: readonly string[]): Promise<Mandate[]> {
    return this.mandates.filter((mandate) => ids.includes(mandate.id));
  }
}

describe('upstream organisations (eHerkenning)', () => {
  describe('the identity in the claims', () => {
    it('reads the pseudonymous sub, the KvK number and both names', () => {
      assert.deepEqual(organisationIdentityFrom({ sub: 'abc', kvk: '68750110', name: ' Mila ', org: 'Oost B.V.' }, CLAIMS), {
        identity: { subject: 'abc', kvk: '68750110', name: 'Mila', organisationName: 'Oost B.V.' },
      });
    });

    it('pads a KvK number sent as a number, and names what it was not told "Naam onbekend"', () => {
      assert.deepEqual(organisationIdentityFrom({ sub: 'abc', kvk: 1234567 }, { identifier_claim: 'kvk' }), {
        identity: { subject: 'abc', kvk: '01234567', name: 'Naam onbekend', organisationName: 'Naam onbekend' },
      });
    });

    for (const [what, claims] of [
      ['no KvK claim', { sub: 'abc' }],
      ['7 digits', { sub: 'abc', kvk: '1234567' }],
      ['letters', { sub: 'abc', kvk: '6875011a' }],
      ['no sub', { kvk: '68750110' }],
      ['an overlong sub', { sub: 'x'.repeat(256), kvk: '68750110' }],
    ] as const) {
      it(`refuses ${what}`, () => {
        assert.ok('problem' in organisationIdentityFrom(claims, CLAIMS));
      });
    }
  });

  describe('account ids', () => {
    const employee: Employee = { kind: 'employee', id: 'employee-1', name: 'Mila', upstream: 'eherkenning', actsFor: organisation({ id: 'org-1' }) };
    it('a person is their BSN; an employee their party id and the organisation of the login', () => {
      assert.equal(accountIdOf(person({ bsn: '999993653' })), '999993653');
      assert.equal(accountIdOf(employee), 'employee-1@org-1');
      assert.ok(isEmployeeAccount('employee-1@org-1'));
      assert.ok(!isEmployeeAccount('999993653'));
      assert.equal(subjectKeyOf('employee-1@org-1'), 'employee-1', 'the pseudonym stands for the employee alone');
      assert.equal(subjectKeyOf('999993653'), '999993653');
    });
  });

  describe('options in the mandate index', () => {
    const oost = organisation({ id: 'org-oost', kvk: '68750110', name: 'Bewindvoering Oost B.V.' });
    const employee: Employee = { kind: 'employee', id: 'employee-1', name: 'Mila', upstream: 'eherkenning', actsFor: oost };
    const bewind = legalMandate({ agentId: oost.id, principal: person({ name: 'Gerrit Mulder', bsn: '999990044' }) });

    it('offers the organisation (company, vouched by the upstream) and the chains through it; no "myself"', async () => {
      const register = new FakeRegister([bewind]);
      const options = await createMandateIndex([register]).optionsFor(employee, service({ selfAllowed: true }), AT);
      assert.deepEqual(options.map((option) => option.id), [`eherkenning:68750110`, `eherkenning:68750110.${bewind.id}`]);
      assert.deepEqual(register.asked, [[oost.id]], 'the registers are asked only for what the organisation holds');
    });

    it('offers only the chains at a service that takes no organisations', async () => {
      const options = await createMandateIndex([new FakeRegister([bewind])]).optionsFor(employee, service({ bases: ['voluntary', 'legal'] }), AT);
      assert.deepEqual(options.map((option) => option.id), [`eherkenning:68750110.${bewind.id}`]);
    });

    it('the vouched link holds on the day it is used, names its upstream, and is found again by its id', async () => {
      const link = vouchedMandate(employee, AT);
      assert.deepEqual([link.basis, link.validFrom, link.validUntil, link.vouchedBy, link.principal.id], ['company', AT, AT, 'eherkenning', oost.id]);
      const found = await createMandateIndex([new FakeRegister([bewind])]).findOption(employee, service(), `eherkenning:68750110.${bewind.id}`, AT);
      assert.equal(found?.kind, 'mandate');
      assert.equal(await createMandateIndex([new FakeRegister([])]).findOption(employee, service(), 'self', AT), undefined);
    });
  });
});
