import assert from 'node:assert/strict';
import { assertBsn, assertKvk, assertOin, assertRsin, InvalidIdentifierError, isBsn } from '../../server/domain/identifiers.ts';
import type { IdentifierKind } from '../../server/domain/identifiers.ts';

/** Asserts that `check(value)` refuses with an error naming the identifier kind and the value. */
function assertRefused(check: (value: string) => string, kind: IdentifierKind, value: string): void {
  assert.throws(
    () => check(value),
    (error: unknown) => {
      assert.ok(error instanceof InvalidIdentifierError, 'an InvalidIdentifierError');
      assert.equal(error.kind, kind);
      assert.equal(error.value, value);
      assert.match(error.message, new RegExp(`\\b${kind}\\b`));
      assert.ok(error.message.includes(value), `message ${JSON.stringify(error.message)} names ${value}`);
      return true;
    },
  );
}

describe('identifiers', () => {
  describe('BSN', () => {
    for (const valid of ['999993653', '999990019']) {
      it(`accepts ${valid}, which passes the eleven-test`, () => {
        assert.equal(assertBsn(valid), valid);
        assert.equal(isBsn(valid), true);
      });
    }

    const invalid: [string, string][] = [
      ['999993654', 'fails the eleven-test'],
      ['12345678', 'has 8 digits'],
      ['1234567890', 'has 10 digits'],
      ['abcdefghi', 'is not digits'],
      ['000000000', 'sums to 0'],
      ['', 'is empty'],
      [' 999993653', 'has a leading space'],
    ];
    for (const [value, why] of invalid) {
      it(`refuses ${JSON.stringify(value)}, which ${why}`, () => {
        assertRefused(assertBsn, 'BSN', value);
        assert.equal(isBsn(value), false);
      });
    }
  });

  describe('RSIN', () => {
    it('accepts a nine-digit number that passes the eleven-test', () => {
      assert.equal(assertRsin('001671248'), '001671248');
      assert.equal(assertRsin('820646660'), '820646660');
    });

    it('refuses a number that fails the eleven-test, naming RSIN', () => {
      assertRefused(assertRsin, 'RSIN', '001671249');
    });

    it('refuses a number that is not nine digits', () => {
      assertRefused(assertRsin, 'RSIN', '01671248');
      assertRefused(assertRsin, 'RSIN', '000000000');
    });
  });

  describe('KvK number', () => {
    it('accepts 8 digits, leading zeros included', () => {
      assert.equal(assertKvk('12345678'), '12345678');
      assert.equal(assertKvk('01234567'), '01234567');
    });

    for (const value of ['1234567', '123456789', '1234567a', '']) {
      it(`refuses ${JSON.stringify(value)}`, () => assertRefused(assertKvk, 'KvK', value));
    }
  });

  describe('OIN', () => {
    it('accepts 20 digits', () => {
      assert.equal(assertOin('00000001001234567000'), '00000001001234567000');
    });

    for (const value of ['0000000100123456700', '000000010012345670000', '0000000100123456700X']) {
      it(`refuses ${JSON.stringify(value)} (${value.length} characters)`, () => assertRefused(assertOin, 'OIN', value));
    }
  });
});
