// Notifications as a whole flow: namens runs with SMTP_URL (a real SMTP server in the test process), a person gives
// their address on /mijn, the agent logs in at an app for them and redeems the code; the server's own worker (every
// NOTIFY_INTERVAL_SECONDS) tells both of the first use, once, however often the mandate is used after.
import assert from 'node:assert/strict';
import { SERVICES } from '../../seeds/personas.ts';
import { logInToMijn } from '../support/mijn.ts';
import { byLabel, completeFlow } from '../support/relying_party.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { startSmtpInbox, type SmtpInbox } from '../notifications/smtp_inbox.ts';

const KEES_FROM_TRUUS = 'f0000000-0000-4000-8000-000000000001';
const uuid = (slug: string) => SERVICES.find((service) => service.id === `urn:namens:service:${slug}`)!.uuid;

describe('flow: notifications sent by the server', function () {
  this.timeout(60_000);
  let inbox: SmtpInbox;
  let server: TestServer;
  before(async () => {
    inbox = await startSmtpInbox();
    server = await startServer({ SMTP_URL: inbox.url, MAIL_FROM: 'Gemeente namens <namens@gemeente.test>', NOTIFY_INTERVAL_SECONDS: '1' });
  });
  after(async () => {
    await server?.close();
    await inbox?.close();
  });

  it('tells the principal and the agent of the first use of a mandate at an app, once', async () => {
    for (const [username, email] of [['truus', 'truus@example.nl'], ['kees', 'kees@example.nl']] as const) {
      const { person } = await logInToMijn(server.url, username);
      await person.post(await person.open('/mijn/e-mail'), '/mijn/e-mail', { email, action: 'save' });
    }
    const options = { username: 'kees', params: { scope: `openid urn:uuid:${uuid('bijzondere-bijstand')}` }, choose: byLabel('Truus') };
    const { idToken } = await completeFlow(server.url, options);
    assert.equal((idToken.authorization_details as Array<{ mandate_id: string }>)[0]!.mandate_id, KEES_FROM_TRUUS);
    await completeFlow(server.url, options);
    await inbox.waitFor(2);
    // A few more rounds of the worker: nothing more comes.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    assert.deepEqual(inbox.mails.map((mail) => [mail.to, mail.subject]).sort(), [
      ['kees@example.nl', 'U hebt de machtiging van Truus de Boer voor het eerst gebruikt'],
      ['truus@example.nl', 'Kees de Boer heeft de machtiging voor het eerst gebruikt'],
    ]);
    assert.ok(inbox.mails.every((mail) => mail.from === 'namens@gemeente.test'));
    assert.ok(inbox.mails[0]!.text.includes(`${server.url}/mijn`));
  });
});
