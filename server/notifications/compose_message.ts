// The e-mail of one notification, in the recipient's language, from the message catalogs (views/messages/). A
// reminder to a voluntary mandate's principal links to the grant form filled in for the renewal.
import { renewalPath, renewalTerms, type ClaimedNotification } from '../domain/notifications.ts';
import { catalog } from '../../views/messages/index.ts';

export interface ComposedMessage {
  /** The same for every attempt of one notification: a mail store or reader that already has it drops a second copy. */
  messageId: string;
  to: string;
  subject: string;
  text: string;
}

export function composeMessage(notification: ClaimedNotification & { email: string }, issuer: string): ComposedMessage {
  const m = catalog(notification.locale).notifications;
  const params = {
    principal: notification.principalName,
    agent: notification.agentName,
    you: notification.recipientIs,
    until: notification.validUntil ?? '',
  };
  // A legal or company mandate is not granted by the principal: the register records it.
  const text = notification.event === 'granted' && notification.register !== 'voluntary' ? 'registered' : notification.event;
  const lines = [m.greeting(notification.recipientIs === 'principal' ? notification.principalName : notification.agentName), '', m.bodies[text](params), ''];
  if (notification.event === 'expiring' && notification.register === 'voluntary' && notification.recipientIs === 'principal' && notification.validFrom && notification.validUntil) {
    lines.push(m.renew(new URL(renewalPath(notification.mandateId, renewalTerms(notification.validFrom, notification.validUntil)), issuer).href), '');
  }
  lines.push(m.manage(new URL('/mijn', issuer).href), '', m.footer, '', m.signature);
  return {
    messageId: `<notification.${notification.id}@${new URL(issuer).hostname}>`,
    to: notification.email,
    subject: m.subjects[text](params),
    text: `${lines.join('\n')}\n`,
  };
}
