import assert from 'node:assert/strict';
import { isCurrent, mayLinkThrough, mayUseFor } from '../../server/domain/mandates.ts';
import type { Mandate } from '../../server/domain/mandates.ts';
import type { LegalType } from '../../server/domain/services.ts';
import { companyMandate, legalMandate, organisation, person, service, voluntaryMandate } from './builders.ts';

const AT = '2026-06-15';

const financial = service({ domains: ['financial'] });
const care = service({ uuid: 'c0000000-0000-4000-8000-000000000001', id: 'urn:namens:service:wmo', domains: ['care'] });
const personal = service({ uuid: 'c0000000-0000-4000-8000-000000000002', id: 'urn:namens:service:naam', domains: ['personal'] });
const other = service({ uuid: 'c0000000-0000-4000-8000-000000000003', id: 'urn:namens:service:parkeren', domains: ['mobility'] });

/** A child who turns 18 on 2026-06-15 and is 17 the day before. */
const child = person({ name: 'Sam Jansen', bsn: '999990019', birthDate: '2008-06-15' });

const legal = (legalType: LegalType, overrides: Partial<Mandate> = {}) => legalMandate({ legalType, ...overrides });

describe('mandates', () => {
  describe('isCurrent and the validity bounds', () => {
    const mandate = voluntaryMandate({ validFrom: '2026-01-01', validUntil: '2026-12-31' });

    it('holds on its first day and on its last day (both bounds inclusive)', () => {
      assert.equal(isCurrent(mandate, '2026-01-01'), true);
      assert.equal(isCurrent(mandate, '2026-12-31'), true);
      assert.equal(mayUseFor(mandate, financial, '2026-01-01'), true);
      assert.equal(mayUseFor(mandate, financial, '2026-12-31'), true);
    });

    it('does not hold the day before it starts or the day after it ends', () => {
      assert.equal(isCurrent(mandate, '2025-12-31'), false);
      assert.equal(isCurrent(mandate, '2027-01-01'), false);
      assert.equal(mayUseFor(mandate, financial, '2027-01-01'), false);
    });

    it('holds indefinitely when it has no end', () => {
      assert.equal(isCurrent(voluntaryMandate({ validUntil: null }), '2099-12-31'), true);
    });

    it('holds for a legal mandate, which has no status', () => {
      assert.equal(isCurrent(legalMandate(), AT), true);
    });
  });

  describe('voluntary mandates', () => {
    for (const status of ['pending', 'revoked'] as const) {
      it(`are not usable while ${status}`, () => {
        const mandate = voluntaryMandate({ status });
        assert.equal(isCurrent(mandate, AT), false);
        assert.equal(mayUseFor(mandate, financial, AT), false);
      });
    }

    it('are usable when active', () => {
      assert.equal(mayUseFor(voluntaryMandate({ status: 'active' }), financial, AT), true);
    });

    it('cover only the services they list', () => {
      const mandate = voluntaryMandate({ serviceUuids: [financial.uuid, personal.uuid] });
      assert.equal(mayUseFor(mandate, financial, AT), true);
      assert.equal(mayUseFor(mandate, personal, AT), true);
      assert.equal(mayUseFor(mandate, care, AT), false);
    });

    it('cover nothing with an empty list', () => {
      assert.equal(mayUseFor(voluntaryMandate({ serviceUuids: [] }), financial, AT), false);
    });
  });

  describe('the bases a service accepts', () => {
    it('refuses a legal mandate at a service that does not accept the legal basis', () => {
      const voluntaryOnly = service({ bases: ['voluntary'] });
      assert.equal(mayUseFor(legal('curatele'), voluntaryOnly, AT), false);
      assert.equal(mayUseFor(voluntaryMandate(), voluntaryOnly, AT), true);
    });

    it('refuses a voluntary mandate at a service that only accepts legal representation', () => {
      assert.equal(mayUseFor(voluntaryMandate(), service({ bases: ['legal'] }), AT), false);
    });

    it('refuses a company mandate at a service that does not accept the company basis', () => {
      assert.equal(mayUseFor(companyMandate(), service({ bases: ['voluntary', 'legal'] }), AT), false);
    });
  });

  describe('domains of legal representation', () => {
    const cases: [LegalType, { financial: boolean; care: boolean; personal: boolean; other: boolean }][] = [
      ['bewind', { financial: true, care: false, personal: false, other: false }],
      ['mentorschap', { financial: false, care: true, personal: true, other: false }],
      ['curatele', { financial: true, care: true, personal: true, other: false }],
    ];
    for (const [legalType, expected] of cases) {
      const covered = Object.entries(expected).filter(([, yes]) => yes).map(([domain]) => domain);
      it(`${legalType} covers ${covered.join(', ')} and nothing else`, () => {
        const mandate = legal(legalType);
        assert.deepEqual(
          {
            financial: mayUseFor(mandate, financial, AT),
            care: mayUseFor(mandate, care, AT),
            personal: mayUseFor(mandate, personal, AT),
            other: mayUseFor(mandate, other, AT),
          },
          expected,
        );
      });
    }

    it('a service in several domains is covered when one of them is', () => {
      assert.equal(mayUseFor(legal('bewind'), service({ domains: ['care', 'financial'] }), AT), true);
    });

    for (const legalType of ['ouderlijk_gezag', 'voogdij'] as const) {
      describe(legalType, () => {
        it('covers every domain while the child is 17', () => {
          const mandate = legal(legalType, { principal: child });
          for (const target of [financial, care, personal, other]) assert.equal(mayUseFor(mandate, target, '2026-06-14'), true, target.id);
        });

        it("ends on the child's 18th birthday", () => {
          const mandate = legal(legalType, { principal: child });
          for (const target of [financial, care, personal, other]) assert.equal(mayUseFor(mandate, target, '2026-06-15'), false, target.id);
        });
      });
    }
  });

  describe("a child's service (maxMinorAge 11)", () => {
    const childService = service({ domains: ['education'], maxMinorAge: 11 });
    const born = '2014-06-15'; // 11 on 2026-06-14, 12 on 2026-06-15

    it('accepts parental authority for a child of 11 and refuses it for a child of 12', () => {
      const mandate = legal('ouderlijk_gezag', { principal: person({ birthDate: born }) });
      assert.equal(mayUseFor(mandate, childService, '2026-06-14'), true);
      assert.equal(mayUseFor(mandate, childService, '2026-06-15'), false);
    });

    it('applies the age limit to voluntary mandates too', () => {
      const mandate = voluntaryMandate({ principal: person({ birthDate: born }) });
      assert.equal(mayUseFor(mandate, childService, '2026-06-14'), true);
      assert.equal(mayUseFor(mandate, childService, '2026-06-15'), false);
    });

    it('applies the age limit to curatele too', () => {
      const adult = legal('curatele', { principal: person({ birthDate: '1980-01-01' }) });
      assert.equal(mayUseFor(adult, service({ domains: ['care'], maxMinorAge: 11 }), AT), false);
    });

    it('refuses an organisation as the represented party', () => {
      assert.equal(mayUseFor(companyMandate(), childService, AT), false);
    });
  });

  describe('a service that names the legal types it accepts', () => {
    const forMinors = service({ domains: ['financial'], legalTypes: ['ouderlijk_gezag', 'voogdij'] });

    it('refuses bewind even where the domain would be covered', () => {
      assert.equal(mayUseFor(legal('bewind'), forMinors, AT), false);
    });

    it('accepts the types it names', () => {
      assert.equal(mayUseFor(legal('voogdij', { principal: child }), forMinors, '2026-06-14'), true);
      assert.equal(mayUseFor(legal('ouderlijk_gezag', { principal: child }), forMinors, '2026-06-14'), true);
    });

    it('does not restrict voluntary mandates', () => {
      assert.equal(mayUseFor(voluntaryMandate(), forMinors, AT), true);
    });
  });

  describe('company mandates', () => {
    it('cover every service when they list none (serviceUuids null)', () => {
      const mandate = companyMandate({ serviceUuids: null });
      for (const target of [financial, care, personal, other]) assert.equal(mayUseFor(mandate, target, AT), true, target.id);
    });

    it('cover only the listed services when they list some', () => {
      const mandate = companyMandate({ serviceUuids: [care.uuid] });
      assert.equal(mayUseFor(mandate, care, AT), true);
      assert.equal(mayUseFor(mandate, financial, AT), false);
    });
  });

  describe('mayLinkThrough', () => {
    const legalAndVoluntaryOnly = service({ bases: ['voluntary', 'legal'] });

    it('lets a company mandate link through even when the service does not accept the company basis', () => {
      const mandate = companyMandate();
      assert.equal(mayLinkThrough(mandate, legalAndVoluntaryOnly, AT), true);
      assert.equal(mayUseFor(mandate, legalAndVoluntaryOnly, AT), false);
    });

    it('requires the company basis', () => {
      const forOrganisation = { principal: organisation() };
      assert.equal(mayLinkThrough(voluntaryMandate(forOrganisation), financial, AT), false);
      assert.equal(mayLinkThrough(legalMandate(forOrganisation), financial, AT), false);
    });

    it('requires an organisation as principal', () => {
      assert.equal(mayLinkThrough(companyMandate({ principal: person() }), financial, AT), false);
    });

    it('requires the mandate to cover the service', () => {
      const mandate = companyMandate({ serviceUuids: [care.uuid] });
      assert.equal(mayLinkThrough(mandate, care, AT), true);
      assert.equal(mayLinkThrough(mandate, financial, AT), false);
    });

    it('requires the mandate to be current', () => {
      const mandate = companyMandate({ validFrom: '2026-01-01', validUntil: '2026-06-14' });
      assert.equal(mayLinkThrough(mandate, financial, '2026-06-14'), true);
      assert.equal(mayLinkThrough(mandate, financial, '2026-06-15'), false);
    });
  });
});
