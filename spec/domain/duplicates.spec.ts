// What counts as a twin of a mandate (server/domain/duplicates.ts): the rule the admin API, imports and /mijn share.
import assert from 'node:assert/strict';
import { coveredServices, isDuplicate, type MandateTerms } from '../../server/domain/duplicates.ts';

const terms = (overrides: Partial<MandateTerms> = {}): MandateTerms => ({
  id: 'm1',
  sourceRecordId: null,
  register: 'voluntary',
  agentId: 'person-kees',
  principalId: 'person-truus',
  legalType: null,
  serviceUuids: ['s1', 's2'],
  validFrom: '2026-01-01',
  validUntil: '2026-12-31',
  ended: false,
  ...overrides,
});

describe('domain: duplicates', () => {
  it('the same pair, register and a shared service on a shared day is a twin', () => {
    assert.equal(isDuplicate(terms({ id: null, serviceUuids: ['s2', 's3'] }), terms()), true);
    assert.deepEqual(coveredServices(terms({ id: null, serviceUuids: ['s2', 's3'] }), [terms()]), ['s2']);
  });

  it('no twin: other services, other days, another pair or register, an ended one, or the same record again', () => {
    const candidate = terms({ id: null, sourceRecordId: 'import:1' });
    assert.equal(isDuplicate({ ...candidate, serviceUuids: ['s3'] }, terms()), false);
    assert.equal(isDuplicate({ ...candidate, validFrom: '2027-01-01', validUntil: '2027-06-30' }, terms()), false);
    assert.equal(isDuplicate({ ...candidate, principalId: 'person-henk' }, terms()), false);
    assert.equal(isDuplicate({ ...candidate, register: 'company' }, terms()), false);
    assert.equal(isDuplicate(candidate, terms({ ended: true })), false);
    assert.equal(isDuplicate(candidate, terms({ sourceRecordId: 'import:1' })), false, 're-importing a record updates it');
  });

  it('legal mandates are twins by kind of representation; a mandate for every service shares every service', () => {
    const legal = terms({ register: 'legal', legalType: 'bewind', serviceUuids: null, validUntil: null });
    assert.equal(isDuplicate({ ...legal, id: null }, legal), true);
    assert.equal(isDuplicate({ ...legal, id: null, legalType: 'curatele' }, legal), false);
    const company = terms({ register: 'company', serviceUuids: null });
    assert.equal(isDuplicate(terms({ id: null, register: 'company', serviceUuids: ['s9'] }), company), true);
  });
});
