// The date rules of every mandate, once (server/domain/validity.ts), and the age rule (server/domain/minors.ts).
import assert from 'node:assert/strict';
import { holdsOn, lastDayWhenEnded, latestVoluntaryEnd, overlapsInTime, validityProblem } from '../../server/domain/validity.ts';
import { isMinorOn, MINORITY_ENDS_AT } from '../../server/domain/minors.ts';
import type { Person } from '../../server/domain/parties.ts';

const person = (birthDate: string | null): Person => ({ kind: 'person', id: 'p', bsn: '999990019', name: 'P', birthDate });

describe('domain: validity and minority', () => {
  it('a mandate holds from its first through its last day, both included; one of one day holds that day only', () => {
    const oneDay = { validFrom: '2026-12-01', validUntil: '2026-12-01' };
    assert.equal(holdsOn(oneDay, '2026-11-30'), false);
    assert.equal(holdsOn(oneDay, '2026-12-01'), true);
    assert.equal(holdsOn(oneDay, '2026-12-02'), false);
    assert.equal(holdsOn({ validFrom: '2026-12-01', validUntil: null }, '2099-01-01'), true);
    assert.equal(validityProblem(oneDay, true), undefined);
    assert.equal(validityProblem({ validFrom: '2026-12-02', validUntil: '2026-12-01' }, false), 'ends_before_start');
  });

  it('a voluntary mandate lasts at most five years (29 February falls back to 28 February), and must end', () => {
    assert.equal(latestVoluntaryEnd('2028-02-29'), '2033-02-28');
    assert.equal(validityProblem({ validFrom: '2026-12-01', validUntil: '2031-12-01' }, true), undefined);
    assert.equal(validityProblem({ validFrom: '2026-12-01', validUntil: '2031-12-02' }, true), 'too_long');
    assert.equal(validityProblem({ validFrom: '2026-12-01', validUntil: null }, true), 'too_long');
    assert.equal(validityProblem({ validFrom: '2026-12-01', validUntil: null }, false), undefined, 'legal and company mandates may be open-ended');
  });

  it('two mandates overlap when they share a day; an ended one holds until the day before its end', () => {
    assert.equal(overlapsInTime({ validFrom: '2026-01-01', validUntil: '2026-01-31' }, { validFrom: '2026-01-31', validUntil: null }), true);
    assert.equal(overlapsInTime({ validFrom: '2026-01-01', validUntil: '2026-01-31' }, { validFrom: '2026-02-01', validUntil: null }), false);
    assert.equal(lastDayWhenEnded(null, '2026-12-01'), '2026-11-30');
    assert.equal(lastDayWhenEnded('2026-06-30', '2026-12-01'), '2026-06-30', 'never later than it was');
  });

  it(`a minor until their ${MINORITY_ENDS_AT}th birthday; someone without a known birth date is not taken for a minor`, () => {
    assert.equal(isMinorOn(person('2008-12-01'), '2026-12-01'), false, 'turns 18 today');
    assert.equal(isMinorOn(person('2008-12-02'), '2026-12-01'), true, 'turns 18 tomorrow');
    assert.equal(isMinorOn(person(null), '2026-12-01'), false);
    assert.equal(isMinorOn({ kind: 'organisation', id: 'o', kvk: '68750110', rsin: null, name: 'O' }, '2026-12-01'), false);
  });
});
