// The delivery worker: collects the new notifications (from the audit log and the expiry days), then claims the due
// ones and sends each by e-mail. Run by the server every NOTIFY_INTERVAL_SECONDS when SMTP_URL is set (server/app.ts)
// and by `namens notifications send` (server/cli.ts).
//
// At least once, and never twice per recipient and event: every event is one row per recipient (dedupe_key UNIQUE),
// and a row is sent under a lease. A row is marked sent only after the SMTP server accepted it, so a worker that stops
// between its claim and the SMTP server's answer loses nothing: after the lease (LEASE_MS) another run sends it. The one
// window left is a stop after the server accepted and before the row was marked: that row is sent again, with the
// same Message-ID (compose_message.ts), which mail stores and readers take as the same message. Failed attempts wait
// ever longer (backoffAfter), and are given up after MAX_ATTEMPTS (status failed, last_error kept).
import { randomUUID } from 'node:crypto';
import { dutchDate } from '../domain/dates.ts';
import { backoffAfter, MAX_ATTEMPTS, type NotificationOutbox } from '../domain/notifications.ts';
import type { Logger } from '../logger.ts';
import { composeMessage } from './compose_message.ts';
import type { Mailer } from './smtp_mailer.ts';

export interface DeliveryDeps {
  outbox: NotificationOutbox;
  mailer: Mailer;
  clock: () => Date;
  issuer: string;
  /** NOTIFY_EXPIRY_DAYS. */
  expiryDays: number;
  logger?: Logger;
  /** Rows per claim and audit rows per collected batch. */
  batchSize?: number;
}

export interface DeliveryReport {
  collected: number;
  sent: number;
  retried: number;
  failed: number;
  dropped: number;
}

/** Batches per run at most, so that one run ends even while changes keep coming. */
const MAX_BATCHES = 20;

export async function deliverNotifications(deps: DeliveryDeps): Promise<DeliveryReport> {
  const batchSize = deps.batchSize ?? 100;
  const report: DeliveryReport = { collected: 0, sent: 0, retried: 0, failed: 0, dropped: 0 };
  const now = () => deps.clock().getTime();
  for (let i = 0; i < MAX_BATCHES; i++) {
    const read = await deps.outbox.collectChanges(now(), batchSize * 5);
    if (read < batchSize * 5) break;
  }
  report.collected = await deps.outbox.collectExpiries(dutchDate(deps.clock()), deps.expiryDays, now());
  for (let i = 0; i < MAX_BATCHES; i++) {
    const token = randomUUID();
    const claimed = await deps.outbox.claim(now(), batchSize, token);
    for (const notification of claimed) {
      if (notification.email === undefined) {
        await deps.outbox.markDropped(notification.id, token, 'the recipient removed their e-mail address');
        report.dropped++;
        continue;
      }
      if (notification.attempt > MAX_ATTEMPTS) {
        await deps.outbox.markFailed(notification.id, token, 'given up: no attempt finished within its lease', undefined);
        report.failed++;
        continue;
      }
      try {
        await deps.mailer.send(composeMessage({ ...notification, email: notification.email }, deps.issuer));
      } catch (error) {
        const wait = backoffAfter(notification.attempt);
        await deps.outbox.markFailed(notification.id, token, (error as Error).message, wait === undefined ? undefined : now() + wait);
        if (wait === undefined) report.failed++;
        else report.retried++;
        deps.logger?.warn({ notification: notification.id, attempt: notification.attempt, err: error }, wait === undefined ? 'notification given up' : 'notification not sent; retrying later');
        continue;
      }
      if (await deps.outbox.markSent(notification.id, token, now())) report.sent++;
    }
    if (claimed.length < batchSize) break;
  }
  return report;
}
