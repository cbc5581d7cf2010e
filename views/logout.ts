import { html, SafeHtml } from '../server/http/html.ts';
import { layout } from './layout.ts';

/** oidc-provider renders its own hidden logout form; we wrap it with a question and two buttons. */
export function logoutPage(form: string, clientName: string | undefined): string {
  return layout(
    'Uitloggen',
    html`<p>Wilt u ook uitloggen bij namens${clientName ? html` (u komt van ${clientName})` : ''}?</p>
${new SafeHtml(form)}
<p><button type="submit" form="op.logoutForm" name="logout" value="yes">Ja, uitloggen</button>
<button type="submit" form="op.logoutForm" class="secondary">Nee, ingelogd blijven</button></p>`,
  );
}

export function loggedOutPage(clientName: string | undefined): string {
  return layout('Uitgelogd', html`<p>U bent uitgelogd${clientName ? html` bij ${clientName}` : ''}. U kunt dit venster sluiten.</p>`);
}
