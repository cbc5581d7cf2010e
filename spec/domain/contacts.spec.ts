// The rule of which e-mail addresses /mijn accepts for notifications.
import assert from 'node:assert/strict';
import { checkEmail } from '../../server/domain/contacts.ts';

describe('domain: e-mail addresses for notifications', () => {
  it('keeps an address trimmed, its domain in lower case, its local part as typed', () => {
    assert.deepEqual(checkEmail('  Jan.Jansen+namens@Gemeente.Example.NL '), { email: 'Jan.Jansen+namens@gemeente.example.nl' });
  });

  it('refuses what a mail server would not take, and says when nothing was typed', () => {
    assert.deepEqual(checkEmail('   '), { problem: 'email_missing' });
    for (const bad of ['jan', 'jan@', '@example.nl', 'jan@@example.nl', 'jan@example', 'jan@exa mple.nl', 'ja n@example.nl', 'jan.@example.nl', 'j..an@example.nl', 'jan@-example.nl', 'jan@example.123', '"jan"@example.nl', 'jan@example.nl\r\nBcc: x@example.nl', `${'a'.repeat(65)}@example.nl`, `jan@${'a'.repeat(250)}.nl`, 'jan<x>@example.nl']) {
      assert.deepEqual(checkEmail(bad), { problem: 'email_invalid' }, bad);
    }
  });
});
