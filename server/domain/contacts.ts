// A person's e-mail address for notifications: optional, given (changed, removed) by the person on /mijn. The rule of
// what is accepted lives here once; the address is kept as typed, but trimmed and with its domain in lower case.
export type Locale = 'nl' | 'en';

export interface Contact {
  partyId: string;
  email: string;
  /** The language of the messages: the one the person used /mijn in when giving the address. */
  locale: Locale;
  updatedAt: number;
}

export interface ContactRepository {
  find(partyId: string): Promise<Contact | undefined>;
  /** Sets (inserts or replaces) the address of a person. */
  save(contact: Contact): Promise<void>;
  remove(partyId: string): Promise<void>;
}

export type EmailProblem = 'email_missing' | 'email_invalid';

/** RFC 5321 limits: 64 characters before the @, 254 in all. */
const MAX_LOCAL = 64;
const MAX_TOTAL = 254;
// One @, a local part without spaces, quotes, angle brackets or control characters, a domain of dot-separated labels
// (letters, digits, hyphens; a top-level label of letters), as a mail server on the internet accepts it.
const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** The address as kept, or the problem with what was typed. */
export function checkEmail(typed: string): { email: string } | { problem: EmailProblem } {
  const value = typed.trim();
  if (value === '') return { problem: 'email_missing' };
  if (value.length > MAX_TOTAL) return { problem: 'email_invalid' };
  const at = value.lastIndexOf('@');
  if (at <= 0 || value.indexOf('@') !== at) return { problem: 'email_invalid' };
  const local = value.slice(0, at);
  const domain = value.slice(at + 1).toLowerCase();
  if (local.length > MAX_LOCAL || !LOCAL.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) return { problem: 'email_invalid' };
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label)) || !/^[a-z]{2,63}$/.test(labels[labels.length - 1]!)) return { problem: 'email_invalid' };
  return { email: `${local}@${domain}` };
}
