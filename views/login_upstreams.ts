import { html, type SafeHtml } from './html.ts';
import { csrfField } from './layout.ts';
import { t } from './messages/index.ts';

export interface UpstreamButton {
  id: string;
  name: string;
  kind: 'person' | 'organisation';
}

/**
 * One button per upstream identity provider (a POST form with the CSRF token): person ones (DigiD) in the DigiD style,
 * organisation ones (eHerkenning) in the eHerkenning style; each with a line that says for whom it is.
 */
export function upstreamButtons(uid: string, csrf: string, upstreams: readonly UpstreamButton[]): SafeHtml {
  const m = t();
  return html`<div class="login-upstreams">
${upstreams.map(
  (upstream) => html`<form method="post" action="/interaction/${uid}/upstream/${upstream.id}" class="form-upstream">
${csrfField(csrf)}
<button type="submit" class="utrecht-button utrecht-button--primary-action upstream-button upstream-${upstream.kind}" aria-describedby="upstream-hint-${upstream.id}">${m.upstream.button(upstream.name)}</button>
<p class="upstream-hint utrecht-paragraph" id="upstream-hint-${upstream.id}">${m.upstream.hints[upstream.kind]}</p>
</form>`,
)}
</div>`;
}
