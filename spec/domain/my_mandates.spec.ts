import assert from 'node:assert/strict';
import {
  ACTIVATION_LOCK_MS,
  checkMandateForm,
  decideActivation,
  hashCode,
  newActivationCode,
  shownStatus,
  surnameMatches,
  type ActivationState,
  type MandateRecord,
} from '../../server/domain/my_mandates.ts';
import { person, service } from './builders.ts';

const TODAY = '2026-06-15';

function record(overrides: Partial<MandateRecord> = {}): MandateRecord {
  return {
    id: 'f0000000-0000-4000-8000-00000000000a',
    basis: 'voluntary',
    principal: person({ name: 'Truus de Boer' }),
    agent: person({ name: 'Lars Visser' }),
    legalType: null,
    professional: null,
    validFrom: '2026-01-01',
    validUntil: '2026-12-31',
    services: [],
    allServices: false,
    status: 'active',
    endedAt: null,
    ...overrides,
  };
}

describe('my mandates (domain)', () => {
  describe('the status a person sees', () => {
    it('reads the stored status together with the dates', () => {
      assert.equal(shownStatus(record(), TODAY), 'active');
      assert.equal(shownStatus(record({ validFrom: '2026-07-01' }), TODAY), 'not_yet_valid');
      assert.equal(shownStatus(record({ validUntil: '2026-06-14' }), TODAY), 'expired');
      assert.equal(shownStatus(record({ validUntil: TODAY }), TODAY), 'active', 'the last day still counts');
      assert.equal(shownStatus(record({ status: 'pending' }), TODAY), 'pending');
      assert.equal(shownStatus(record({ status: 'pending', validUntil: '2026-06-01' }), TODAY), 'expired');
      assert.equal(shownStatus(record({ status: 'revoked', endedAt: 1 }), TODAY), 'revoked');
      assert.equal(shownStatus(record({ status: 'requested' }), TODAY), 'requested');
      assert.equal(shownStatus(record({ status: 'declined', endedAt: 1 }), TODAY), 'declined');
    });

    it('ends parental authority at the child\'s 18th birthday, and a register\'s mandate when it was ended there', () => {
      const legal = { basis: 'legal' as const, status: null, legalType: 'ouderlijk_gezag' as const, professional: false, validUntil: null };
      assert.equal(shownStatus(record({ ...legal, principal: person({ birthDate: '2008-06-16' }) }), TODAY), 'active');
      assert.equal(shownStatus(record({ ...legal, principal: person({ birthDate: '2008-06-15' }) }), TODAY), 'expired');
      assert.equal(shownStatus(record({ basis: 'company', status: null, endedAt: 5 }), TODAY), 'revoked');
    });
  });

  describe('the form checks', () => {
    const catalog = [service({ uuid: 'a0000000-0000-4000-8000-000000000001', bases: ['voluntary', 'legal'] }), service({ uuid: 'a0000000-0000-4000-8000-000000000002', bases: ['legal'] })];
    const form = { bsn: '999990196', check: 'Visser', services: ['a0000000-0000-4000-8000-000000000001'], validFrom: TODAY, validUntil: '2027-06-15' };

    it('accepts a valid form, up to exactly five years', () => {
      assert.deepEqual(checkMandateForm(form, TODAY, catalog), {});
      assert.deepEqual(checkMandateForm({ ...form, validUntil: '2031-06-15' }, TODAY, catalog), {});
    });

    it('names each wrong field', () => {
      const errors = checkMandateForm({ bsn: '999990197', check: '', services: ['a0000000-0000-4000-8000-000000000002'], validFrom: '2026-06-14', validUntil: 'morgen' }, TODAY, catalog);
      assert.deepEqual(Object.keys(errors).sort(), ['bsn', 'services', 'validFrom', 'validUntil']);
      assert.deepEqual(checkMandateForm({ ...form, validUntil: '2031-06-16' }, TODAY, catalog).validUntil, { code: 'valid_until_too_late', until: '2031-06-15', years: 5 });
      assert.deepEqual(checkMandateForm({ ...form, validFrom: '2026-06-20', validUntil: '2026-06-19' }, TODAY, catalog).validUntil, { code: 'valid_until_before_start' });
      assert.equal(checkMandateForm({ ...form, validFrom: TODAY, validUntil: TODAY }, TODAY, catalog).validUntil, undefined, 'a mandate of one day');
      assert.deepEqual(checkMandateForm({ ...form, services: [] }, TODAY, catalog).services, { code: 'services_none' });
    });

    it('matches a surname as whole words at the end of the name, in any case', () => {
      const truus = person({ name: 'Truus de Boer' });
      assert.equal(surnameMatches(truus, 'de Boer'), true);
      assert.equal(surnameMatches(truus, 'DE  BOER'), true);
      assert.equal(surnameMatches(truus, 'Boer'), true);
      assert.equal(surnameMatches(truus, 'oer'), false);
      assert.equal(surnameMatches(truus, 'Truus'), false);
      assert.equal(surnameMatches(truus, ''), false);
    });
  });

  describe('activation codes', () => {
    const NOW = 1_800_000_000_000;
    const code = newActivationCode();
    const state = (overrides: Partial<ActivationState> = {}): ActivationState => ({
      codeHash: hashCode(code),
      expiresAt: NOW + 1000,
      usedAt: null,
      failedAttempts: 0,
      lockedUntil: null,
      ...overrides,
    });

    it('are 10 characters of an unambiguous alphabet, typed in any case and with a dash', () => {
      assert.match(code, /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{10}$/);
      assert.notEqual(newActivationCode(), code);
      assert.deepEqual(decideActivation(state(), `${code.slice(0, 5).toLowerCase()}-${code.slice(5)}`, NOW), { outcome: 'activate' });
    });

    it('refuse a wrong, expired or used code, counting each wrong try; the fifth locks for 15 minutes', () => {
      assert.deepEqual(decideActivation(state(), 'WRONGWRONG', NOW), { outcome: 'refuse', failedAttempts: 1, lockedUntil: null, counted: true });
      assert.equal(decideActivation(state({ expiresAt: NOW }), code, NOW).outcome, 'refuse');
      assert.equal(decideActivation(state({ usedAt: NOW - 1 }), code, NOW).outcome, 'refuse');
      assert.deepEqual(decideActivation(state({ failedAttempts: 4 }), 'WRONGWRONG', NOW), { outcome: 'refuse', failedAttempts: 5, lockedUntil: NOW + ACTIVATION_LOCK_MS, counted: true });
    });

    it('refuse even the right code while locked, without counting; after the lock the count starts again', () => {
      const locked = state({ failedAttempts: 5, lockedUntil: NOW + 1 });
      assert.deepEqual(decideActivation(locked, code, NOW), { outcome: 'refuse', failedAttempts: 5, lockedUntil: NOW + 1, counted: false });
      const lifted = state({ failedAttempts: 5, lockedUntil: NOW });
      assert.deepEqual(decideActivation(lifted, code, NOW), { outcome: 'activate' });
      assert.deepEqual(decideActivation(lifted, 'WRONGWRONG', NOW), { outcome: 'refuse', failedAttempts: 1, lockedUntil: null, counted: true });
    });
  });
});
