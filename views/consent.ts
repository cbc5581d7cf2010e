import { html } from './html.ts';
import { csrfField, layout } from './layout.ts';
import { t } from './messages/index.ts';
import { switchUserForm } from './switch_user.ts';

export interface ConsentView {
  uid: string;
  csrf: string;
  clientName: string;
  serviceName: string | undefined;
  summary: string | undefined;
  shared: string[];
  /** Who logged in (the session may be reused from an earlier login). */
  agentName: string;
}

export function consentPage(view: ConsentView): string {
  const m = t();
  return layout(
    m.consent.title,
    html`
<p class="asks utrecht-paragraph utrecht-paragraph--lead">${m.asks(view.clientName, view.serviceName)}</p>
${view.summary ? html`<p class="summary utrecht-alert utrecht-alert--info">${view.summary}</p>` : ''}
${switchUserForm(view)}
<p class="intro">${m.consent.wants(view.clientName)}</p>
<ul class="shared utrecht-unordered-list">${view.shared.map((item) => html`<li class="utrecht-unordered-list__item">${item}</li>`)}</ul>
<div class="utrecht-button-group actions">
<form method="post" action="/interaction/${view.uid}/consent" class="form">
${csrfField(view.csrf)}
<button class="utrecht-button utrecht-button--primary-action" type="submit">${m.consent.allow}</button>
</form>
<form method="post" action="/interaction/${view.uid}/abort" class="form-secondary">
${csrfField(view.csrf)}
<button class="utrecht-button utrecht-button--secondary-action secondary" type="submit">${m.consent.deny}</button>
</form>
</div>`,
  );
}
