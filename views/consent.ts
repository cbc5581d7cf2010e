import { html } from '../server/http/html.ts';
import { csrfField, layout } from './layout.ts';

export interface ConsentView {
  uid: string;
  csrf: string;
  clientName: string;
  summary: string | undefined;
  shared: string[];
}

export function consentPage(view: ConsentView): string {
  return layout(
    'Toestemming geven',
    html`
<p class="intro"><strong>${view.clientName}</strong> vraagt om deze gegevens:</p>
<ul class="shared">${view.shared.map((item) => html`<li>${item}</li>`)}</ul>
${view.summary ? html`<p class="summary">${view.summary}</p>` : ''}
<form method="post" action="/interaction/${view.uid}/consent" class="form">
${csrfField(view.csrf)}
<button type="submit">Toestaan</button>
</form>
<form method="post" action="/interaction/${view.uid}/abort" class="form-secondary">
${csrfField(view.csrf)}
<button type="submit" class="secondary">Weigeren</button>
</form>`,
  );
}
