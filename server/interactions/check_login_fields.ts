// The login form's fields left empty: "Vul uw gebruikersnaam in." rather than "the combination is wrong" for a form
// that was sent half filled in. Undefined when both are there (then the password is checked).
import { t } from '../../views/messages/index.ts';

export function missingLoginFields(username: string, password: string): { username?: string; password?: string } | undefined {
  const m = t().login;
  const missing = { ...(username ? {} : { username: m.missingUsername }), ...(password ? {} : { password: m.missingPassword }) };
  return Object.keys(missing).length ? missing : undefined;
}
