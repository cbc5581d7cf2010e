import { html, type SafeHtml } from '../server/http/html.ts';
import { csrfField } from './layout.ts';
import { t } from './messages/index.ts';

export interface UpstreamButton {
  id: string;
  name: string;
  kind: 'person' | 'organisation';
}

/** One button per upstream identity provider (a POST form with the CSRF token); person ones in the DigiD style. */
export function upstreamButtons(uid: string, csrf: string, upstreams: readonly UpstreamButton[]): SafeHtml {
  return html`<div class="login-upstreams">
${upstreams.map(
  (upstream) => html`<form method="post" action="/interaction/${uid}/upstream/${upstream.id}" class="form-upstream">
${csrfField(csrf)}
<button type="submit" class="utrecht-button utrecht-button--primary-action upstream-button upstream-${upstream.kind}">${t().upstream.button(upstream.name)}</button>
</form>`,
)}
</div>`;
}
