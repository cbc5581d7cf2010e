import { html } from '../server/http/html.ts';
import type { MandateRecord, MandateUseRecord, ShownStatus } from '../server/domain/my_mandates.ts';
import { csrfField, layout } from './layout.ts';
import { basisLabel, coverageLabel, formatMoment, mijnBar, statusLabel, validityLabel, type MijnView } from './mijn_parts.ts';

export interface MandateView extends MijnView {
  mandate: MandateRecord;
  status: ShownStatus;
  /** Whether the logged-in person is the principal (only the principal sees the uses). */
  isPrincipal: boolean;
  uses: MandateUseRecord[];
  mayRevoke: boolean;
  mayAnswer: boolean;
  mayActivate: boolean;
  activationError?: string;
  notice?: string;
}

export function mandatePage(view: MandateView): string {
  const { mandate } = view;
  return layout(
    `Machtiging voor ${mandate.agent.name}`,
    html`${mijnBar(view)}
${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ''}
<dl class="mandate">
<dt>Volmachtgever (namens wie)</dt><dd id="principal">${mandate.principal.name}</dd>
<dt>Gemachtigde (wie handelt)</dt><dd id="agent">${mandate.agent.name}</dd>
<dt>Soort</dt><dd>${basisLabel(mandate)}</dd>
<dt>${mandate.basis === 'legal' ? 'Zaken' : 'Diensten'}</dt><dd id="coverage">${coverageLabel(mandate)}</dd>
<dt>Geldig</dt><dd>${validityLabel(mandate)}</dd>
<dt>Status</dt><dd id="status">${statusLabel(mandate, view.status)}</dd>
</dl>
${mandate.basis !== 'voluntary'
  ? html`<p class="register-note">Deze machtiging komt uit het ${mandate.basis === 'legal' ? 'register van wettelijke vertegenwoordiging' : 'handelsregister'}. U kunt haar alleen daar laten wijzigen of beëindigen.</p>`
  : ''}
${view.mayActivate
  ? html`<section aria-labelledby="activate-heading">
<h2 id="activate-heading">Machtiging activeren</h2>
<p>${mandate.principal.name} heeft u gemachtigd. Vul de activeringscode in die u hebt gekregen.</p>
<form method="post" action="/mijn/machtigingen/${mandate.id}/activeren" class="form" novalidate>
${csrfField(view.csrf)}
<p><label for="code">Activeringscode</label>
${view.activationError ? html`<span class="field-error" id="code-error">${view.activationError}</span>` : ''}
<input id="code" name="code" autocomplete="off" spellcheck="false"${view.activationError ? html` aria-invalid="true" aria-describedby="code-error"` : ''}></p>
<p><button type="submit">Activeren</button></p>
</form>
</section>`
  : ''}
${view.mayAnswer
  ? html`<section aria-labelledby="answer-heading">
<h2 id="answer-heading">Aanvraag beantwoorden</h2>
<p>${mandate.agent.name} vraagt of hij of zij namens u mag handelen voor de diensten hierboven.</p>
<form method="post" action="/mijn/machtigingen/${mandate.id}/goedkeuren" class="inline">${csrfField(view.csrf)}<button type="submit">Goedkeuren</button></form>
<form method="post" action="/mijn/machtigingen/${mandate.id}/weigeren" class="inline">${csrfField(view.csrf)}<button type="submit" class="secondary">Weigeren</button></form>
</section>`
  : ''}
${view.mayRevoke
  ? html`<form method="post" action="/mijn/machtigingen/${mandate.id}/intrekken" class="form-secondary">
${csrfField(view.csrf)}
<button type="submit" class="secondary">${view.status === 'requested' && !view.isPrincipal ? 'Aanvraag intrekken' : 'Machtiging intrekken'}</button>
</form>`
  : ''}
${view.isPrincipal
  ? html`<section aria-labelledby="uses-heading">
<h2 id="uses-heading">Gebruik van deze machtiging</h2>
${view.uses.length === 0
  ? html`<p id="uses">Deze machtiging is nog niet gebruikt.</p>`
  : html`<table class="uses" id="uses">
<thead><tr><th scope="col">Datum en tijd</th><th scope="col">Wie</th><th scope="col">App</th><th scope="col">Dienst</th></tr></thead>
<tbody>${view.uses.map((use) => html`<tr><td>${formatMoment(use.at)}</td><td>${use.agentName}</td><td>${use.clientName}</td><td>${use.serviceName}</td></tr>`)}</tbody>
</table>`}
</section>`
  : ''}
<p><a href="/mijn">Terug naar het overzicht</a></p>`,
  );
}

/**
 * After a refused activation: the same page whatever was wrong (code, expiry, an id that is not the person's, a lock),
 * with the message at the code field and the form to try again. It shows nothing of the mandate.
 */
export function activationRefusedPage(view: MijnView & { action: string; error: string }): string {
  return layout(
    'Machtiging activeren',
    html`${mijnBar(view)}
<form method="post" action="${view.action}" class="form" novalidate>
${csrfField(view.csrf)}
<p><label for="code">Activeringscode</label>
<span class="field-error" id="code-error" role="alert">${view.error}</span>
<input id="code" name="code" autocomplete="off" spellcheck="false" aria-invalid="true" aria-describedby="code-error"></p>
<p><button type="submit">Activeren</button></p>
</form>
<p><a href="/mijn">Terug naar het overzicht</a></p>`,
  );
}
