import assert from 'node:assert/strict';
import { hashForUnknownUser, hashPassword, verifyPassword } from '../../server/domain/passwords.ts';

describe('passwords', () => {
  let stored: string;
  before(async () => {
    stored = await hashPassword('correct horse battery staple');
  });

  it('verifies the password that was hashed', async () => {
    assert.equal(await verifyPassword('correct horse battery staple', stored), true);
  });

  it('refuses a wrong password', async () => {
    assert.equal(await verifyPassword('correct horse battery stapler', stored), false);
    assert.equal(await verifyPassword('', stored), false);
  });

  it('does not store the password itself', () => {
    assert.ok(!stored.includes('correct horse'));
    assert.match(stored, /^scrypt\$/);
  });

  it('salts every hash: the same password hashes differently twice, and both verify', async () => {
    const again = await hashPassword('correct horse battery staple');
    assert.notEqual(again, stored);
    assert.equal(await verifyPassword('correct horse battery staple', again), true);
  });

  it('verifies a non-ASCII password', async () => {
    const hash = await hashPassword('wachtwoord-één-€');
    assert.equal(await verifyPassword('wachtwoord-één-€', hash), true);
    assert.equal(await verifyPassword('wachtwoord-een-€', hash), false);
  });

  describe('a malformed stored hash verifies as false, for the right password too, and does not throw', () => {
    const parts = () => {
      const [, , , , salt, key] = stored.split('$');
      return { salt: salt!, key: key! };
    };
    const cases: [string, () => string][] = [
      ['an empty string', () => ''],
      ['a plain string', () => 'not-a-hash'],
      ['another scheme', () => stored.replace(/^scrypt/, 'bcrypt')],
      ['no key', () => `scrypt$16384$8$1$${parts().salt}$`],
      ['no salt', () => `scrypt$16384$8$1$$${parts().key}`],
      ['a key of characters outside base64url', () => `scrypt$16384$8$1$${parts().salt}$!!!!`],
      ['a key truncated to one byte', () => `scrypt$16384$8$1$${parts().salt}$${parts().key.slice(0, 2)}`],
      ['a cost that is not a number', () => `scrypt$abc$8$1$${parts().salt}$${parts().key}`],
      ['a cost that is not a power of two', () => `scrypt$1000$8$1$${parts().salt}$${parts().key}`],
    ];
    for (const [what, make] of cases) {
      it(what, async () => {
        const hash = make();
        assert.equal(await verifyPassword('correct horse battery staple', hash), false, JSON.stringify(hash));
        assert.equal(await verifyPassword('wrong', hash), false, JSON.stringify(hash));
      });
    }
  });

  it('offers a hash for unknown users that no guess matches, the same one each time', async () => {
    const hash = await hashForUnknownUser();
    assert.equal(await hashForUnknownUser(), hash);
    assert.equal(await verifyPassword('', hash), false);
    assert.equal(await verifyPassword('correct horse battery staple', hash), false);
  });
});
