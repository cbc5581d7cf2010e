// E-mail over SMTP (nodemailer), the first channel of the notifications. SMTP_URL names the server
// (smtp://user:password@host:587, smtps://… for TLS from the start); MAIL_FROM the sender. Its timeouts stay far
// below the worker's lease (LEASE_MS), so that a claim never outlives its lease while the server is slow.
import nodemailer from 'nodemailer';
import type { ComposedMessage } from './compose_message.ts';

export interface Mailer {
  /** Resolves once the SMTP server accepted the message for delivery; rejects otherwise. */
  send(message: ComposedMessage): Promise<void>;
  close(): void;
}

export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  // `url` is read by nodemailer's SMTP transport (host, port, secure, auth); the timeouts beside it are its own.
  const transport = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    async send(message) {
      const info = await transport.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        messageId: message.messageId,
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
      if (info.rejected.length) throw new Error(`the SMTP server refused ${info.rejected.length} recipient(s)`);
    },
    close: () => transport.close(),
  };
}
