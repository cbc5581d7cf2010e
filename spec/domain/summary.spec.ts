import assert from 'node:assert/strict';
import { SELF } from '../../server/domain/mandate_index.ts';
import type { MandateOption } from '../../server/domain/mandate_index.ts';
import type { Mandate } from '../../server/domain/mandates.ts';
import { groundOf, summarise } from '../../server/domain/summary.ts';
import { companyMandate, legalMandate, organisation, person, service, voluntaryMandate } from './builders.ts';

const jan = person({ name: 'Jan Jansen' });
const anna = person({ name: 'Anna de Vries', birthDate: '1950-05-05' });
const bijstand = service({ name: { nl: 'Bijzondere bijstand aanvragen', en: 'Apply for special assistance' } });

const through = (...links: [Mandate] | [Mandate, Mandate]): MandateOption => ({
  id: links.map((link) => link.id).join('.'),
  kind: 'mandate',
  links,
});

describe('summary', () => {
  it('describes professional administration (bewind)', () => {
    const option = through(legalMandate({ principal: anna, legalType: 'bewind', professional: true }));
    assert.deepEqual(summarise(jan, option, bijstand), {
      nl: 'Jan Jansen handelt namens Anna de Vries (bewind, professioneel) voor Bijzondere bijstand aanvragen',
      en: 'Jan Jansen acts for Anna de Vries (administration, professional) for the service Apply for special assistance',
    });
  });

  it('describes a family representative', () => {
    const option = through(legalMandate({ principal: anna, legalType: 'mentorschap', professional: false }));
    assert.deepEqual(summarise(jan, option, bijstand), {
      nl: 'Jan Jansen handelt namens Anna de Vries (mentorschap, familie) voor Bijzondere bijstand aanvragen',
      en: 'Jan Jansen acts for Anna de Vries (mentorship, family) for the service Apply for special assistance',
    });
  });

  it('names parental authority without a qualifier, also when the register says "family"', () => {
    const option = through(legalMandate({ principal: anna, legalType: 'ouderlijk_gezag', professional: false }));
    assert.equal(summarise(jan, option, bijstand).nl, 'Jan Jansen handelt namens Anna de Vries (ouderlijk gezag) voor Bijzondere bijstand aanvragen');
  });

  it('names parental authority without a professional or family qualifier', () => {
    const option = through(legalMandate({ principal: anna, legalType: 'ouderlijk_gezag', professional: null }));
    assert.deepEqual(summarise(jan, option, bijstand), {
      nl: 'Jan Jansen handelt namens Anna de Vries (ouderlijk gezag) voor Bijzondere bijstand aanvragen',
      en: 'Jan Jansen acts for Anna de Vries (parental authority) for the service Apply for special assistance',
    });
  });

  it('describes a voluntary mandate', () => {
    const option = through(voluntaryMandate({ principal: anna }));
    assert.deepEqual(summarise(jan, option, bijstand), {
      nl: 'Jan Jansen handelt namens Anna de Vries (vrijwillige machtiging) voor Bijzondere bijstand aanvragen',
      en: 'Jan Jansen acts for Anna de Vries (voluntary mandate) for the service Apply for special assistance',
    });
  });

  it('describes acting for an organisation', () => {
    const option = through(companyMandate({ principal: organisation({ name: 'Bakkerij Brood B.V.' }) }));
    assert.deepEqual(summarise(jan, option, bijstand), {
      nl: 'Jan Jansen handelt namens Bakkerij Brood B.V. (vertegenwoordiging organisatie) voor Bijzondere bijstand aanvragen',
      en: 'Jan Jansen acts for Bakkerij Brood B.V. (company representation) for the service Apply for special assistance',
    });
  });

  it('describes acting for oneself', () => {
    assert.deepEqual(summarise(jan, { id: SELF, kind: 'self' }, bijstand), {
      nl: 'Jan Jansen handelt voor zichzelf voor Bijzondere bijstand aanvragen',
      en: 'Jan Jansen acts for themselves for the service Apply for special assistance',
    });
  });

  it('names the organisation of a chain with "via" / "through", and the ground of the last link', () => {
    const firm = organisation({ name: 'Bewindvoering Noord B.V.' });
    const option = through(
      companyMandate({ principal: firm }),
      legalMandate({ agentId: firm.id, principal: anna, legalType: 'bewind', professional: true }),
    );
    assert.deepEqual(summarise(jan, option, bijstand), {
      nl: 'Jan Jansen handelt namens Anna de Vries via Bewindvoering Noord B.V. (bewind, professioneel) voor Bijzondere bijstand aanvragen',
      en: 'Jan Jansen acts for Anna de Vries through Bewindvoering Noord B.V. (administration, professional) for the service Apply for special assistance',
    });
  });

  describe('groundOf', () => {
    it('names every kind of legal representation in both languages', () => {
      const grounds = (['curatele', 'bewind', 'mentorschap', 'ouderlijk_gezag', 'voogdij'] as const).map((legalType) =>
        groundOf(legalMandate({ legalType, professional: null })),
      );
      assert.deepEqual(grounds, [
        { nl: 'curatele', en: 'curatorship' },
        { nl: 'bewind', en: 'administration' },
        { nl: 'mentorschap', en: 'mentorship' },
        { nl: 'ouderlijk gezag', en: 'parental authority' },
        { nl: 'voogdij', en: 'guardianship' },
      ]);
    });
  });
});
