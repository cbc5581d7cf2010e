import { html, type SafeHtml } from './html.ts';
import { csrfField } from './layout.ts';
import { t } from './messages/index.ts';

/** "U bent ingelogd als …. Niet u? [Uitloggen]": on every screen of a login that reuses who logged in. */
export function switchUserForm(view: { uid: string; csrf: string; agentName: string }): SafeHtml {
  const m = t();
  return html`<form method="post" action="/interaction/${view.uid}/switch_user" class="switch-user" id="switch-user">
${csrfField(view.csrf)}
<p>${m.select.loggedInAs(view.agentName)} ${m.switchUser.question} <button class="utrecht-button utrecht-button--secondary-action secondary" type="submit">${m.switchUser.button}</button></p>
</form>`;
}
