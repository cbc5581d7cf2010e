import assert from 'node:assert/strict';
import { addDays, addYears, ageOn, dutchDate, toIsoDate } from '../../server/domain/dates.ts';

describe('dates', () => {
  describe('addYears', () => {
    it('moves the date by whole years', () => {
      assert.equal(addYears('2025-03-15', 5), '2030-03-15');
      assert.equal(addYears('2025-03-15', -1), '2024-03-15');
    });

    it('falls back from 29 February to 28 February in a common year', () => {
      assert.equal(addYears('2024-02-29', 1), '2025-02-28');
      assert.equal(addYears('2024-02-29', 5), '2029-02-28');
    });

    it('keeps 29 February when the target year is a leap year', () => {
      assert.equal(addYears('2024-02-29', 4), '2028-02-29');
    });
  });

  describe('addDays', () => {
    it('crosses a month end', () => {
      assert.equal(addDays('2026-01-31', 1), '2026-02-01');
      assert.equal(addDays('2026-02-28', 1), '2026-03-01');
      assert.equal(addDays('2024-02-28', 1), '2024-02-29');
    });

    it('crosses a year end, forwards and backwards', () => {
      assert.equal(addDays('2026-12-31', 1), '2027-01-01');
      assert.equal(addDays('2027-01-01', -1), '2026-12-31');
    });

    it('is unaffected by the change to and from summer time', () => {
      assert.equal(addDays('2026-03-28', 2), '2026-03-30');
      assert.equal(addDays('2026-10-24', 2), '2026-10-26');
    });
  });

  describe('ageOn', () => {
    it('is one less on the day before the birthday', () => {
      assert.equal(ageOn('2008-06-15', '2026-06-14'), 17);
    });

    it('counts the new year on the birthday itself', () => {
      assert.equal(ageOn('2008-06-15', '2026-06-15'), 18);
    });

    it('compares month before day', () => {
      assert.equal(ageOn('2008-06-15', '2026-05-30'), 17);
      assert.equal(ageOn('2008-06-15', '2026-07-01'), 18);
    });

    it('is 0 on the day of birth', () => {
      assert.equal(ageOn('2026-06-15', '2026-06-15'), 0);
    });
  });

  describe('dutchDate', () => {
    it('gives the next day when it is already past midnight in Amsterdam (winter, UTC+1)', () => {
      assert.equal(dutchDate(new Date('2026-11-28T23:30:00Z')), '2026-11-29');
    });

    it('gives the next day from 22:00 UTC in summer (UTC+2)', () => {
      assert.equal(dutchDate(new Date('2026-06-30T21:59:59Z')), '2026-06-30');
      assert.equal(dutchDate(new Date('2026-06-30T22:00:00Z')), '2026-07-01');
    });

    it('crosses the year end in Amsterdam before it does in UTC', () => {
      assert.equal(dutchDate(new Date('2026-12-31T23:00:00Z')), '2027-01-01');
    });

    it('turns at the exact millisecond of Dutch midnight, asked again and again within one minute (it remembers the minute)', () => {
      for (const [before, at] of [['2026-11-28T22:59:59.999Z', '2026-11-28T23:00:00.000Z'], ['2026-03-28T22:59:59.999Z', '2026-03-28T23:00:00.000Z'], ['2026-10-24T21:59:59.999Z', '2026-10-24T22:00:00.000Z']]) {
        const day = dutchDate(new Date(before!));
        assert.equal(dutchDate(new Date(new Date(before!).getTime() - 30_000)), day);
        assert.notEqual(dutchDate(new Date(at!)), day, at);
        assert.equal(dutchDate(new Date(new Date(at!).getTime() + 59_999)), dutchDate(new Date(at!)));
        assert.equal(dutchDate(new Date(before!)), day, 'and back');
      }
    });

    it('agrees with the UTC date during the Dutch afternoon', () => {
      const noon = new Date('2026-11-28T12:00:00Z');
      assert.equal(dutchDate(noon), '2026-11-28');
      assert.equal(toIsoDate(noon), '2026-11-28');
    });
  });
});
