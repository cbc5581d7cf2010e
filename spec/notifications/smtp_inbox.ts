// A real SMTP server in the test process (smtp-server), whose messages are parsed as a mail reader would (mailparser).
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  messageId: string;
  to: string;
  from: string;
  subject: string;
  text: string;
}

export interface SmtpInbox {
  url: string;
  mails: ReceivedMail[];
  /** The next `count` messages are answered 451 (try again later). */
  refuseNext(count: number): void;
  /** Every message is answered 451 until accept() is called. */
  refuseAll(): void;
  accept(): void;
  /** Resolves once at least `count` messages have arrived. */
  waitFor(count: number): Promise<void>;
  close(): Promise<void>;
}

export async function startSmtpInbox(): Promise<SmtpInbox> {
  const mails: ReceivedMail[] = [];
  let refuse = 0;
  let refuseAlways = false;
  const waiting: Array<{ count: number; resolve: () => void }> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          if (refuseAlways || refuse > 0) {
            refuse = Math.max(0, refuse - 1);
            callback(Object.assign(new Error('mailbox busy, try again later'), { responseCode: 451 }));
            return;
          }
          const address = (value: typeof parsed.to) => (Array.isArray(value) ? value : value ? [value] : []).flatMap((entry) => entry.value.map((item) => item.address ?? '')).join(', ');
          mails.push({ messageId: parsed.messageId ?? '', to: address(parsed.to), from: address(parsed.from), subject: parsed.subject ?? '', text: parsed.text ?? '' });
          callback();
          for (const waiter of waiting.filter((w) => mails.length >= w.count)) {
            waiting.splice(waiting.indexOf(waiter), 1);
            waiter.resolve();
          }
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    refuseNext: (count) => (refuse = count),
    refuseAll: () => (refuseAlways = true),
    accept: () => {
      refuseAlways = false;
      refuse = 0;
    },
    waitFor: (count) => (mails.length >= count ? Promise.resolve() : new Promise((resolve) => waiting.push({ count, resolve }))),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
