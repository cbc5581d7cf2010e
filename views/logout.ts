import { html, SafeHtml } from './html.ts';
import { layout } from './layout.ts';
import { t } from './messages/index.ts';

/** oidc-provider renders its own hidden logout form; we wrap it with a question and two buttons. */
export function logoutPage(form: string, clientName: string | undefined): string {
  const m = t();
  return layout(
    m.logout.title,
    html`<p>${m.logout.question(clientName)}</p>
${new SafeHtml(form)}
<p class="utrecht-button-group"><button class="utrecht-button utrecht-button--primary-action" type="submit" form="op.logoutForm" name="logout" value="yes">${m.logout.yes}</button>
<button class="utrecht-button utrecht-button--secondary-action secondary" type="submit" form="op.logoutForm">${m.logout.no}</button></p>`,
  );
}

export function loggedOutPage(clientName: string | undefined): string {
  const m = t();
  return layout(m.logout.doneTitle, html`<p>${m.logout.done(clientName)}</p>`);
}
