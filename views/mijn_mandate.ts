import { html } from './html.ts';
import type { MandateRecord, MandateUseRecord, ShownStatus } from '../server/domain/my_mandates.ts';
import { csrfField, layout } from './layout.ts';
import { t } from './messages/index.ts';
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
  const m = t();
  const f = m.mijn.fields;
  return layout(
    // From the viewer's side: the principal sees whom they gave it to, the agent from whom they have it.
    view.isPrincipal ? m.mijn.mandateTitle(mandate.agent.name) : m.mijn.heldMandateTitle(mandate.principal.name),
    html`${mijnBar(view)}
${view.notice ? html`<p class="notice utrecht-alert utrecht-alert--ok" role="status">${view.notice}</p>` : ''}
<dl class="mandate">
<dt>${f.principal}</dt><dd id="principal">${mandate.principal.name}</dd>
<dt>${f.agent}</dt><dd id="agent">${mandate.agent.name}</dd>
<dt>${f.kind}</dt><dd>${basisLabel(mandate)}</dd>
<dt>${mandate.basis === 'legal' ? f.matters : f.services}</dt><dd id="coverage">${coverageLabel(mandate)}</dd>
<dt>${f.valid}</dt><dd>${validityLabel(mandate)}</dd>
<dt>${f.status}</dt><dd id="status">${statusLabel(mandate, view.status)}</dd>
</dl>
${mandate.basis !== 'voluntary'
  ? html`<p class="register-note">${m.mijn.registerNote(mandate.basis === 'legal')}</p>`
  : ''}
${view.mayActivate
  ? html`<section aria-labelledby="activate-heading">
<h2 class="utrecht-heading-2" id="activate-heading">${m.mijn.activateTitle}</h2>
<p>${m.mijn.activateIntro(mandate.principal.name)}</p>
<form method="post" action="/mijn/machtigingen/${mandate.id}/activeren" class="form" novalidate>
${csrfField(view.csrf)}
<p class="utrecht-form-field"><label class="utrecht-form-label" for="code">${m.mijn.activationCode}</label>
${view.activationError ? html`<span class="field-error utrecht-form-field-error-message" id="code-error">${view.activationError}</span>` : ''}
<input class="utrecht-textbox utrecht-textbox--html-input" id="code" name="code" autocomplete="off" spellcheck="false"${view.activationError ? html` aria-invalid="true" aria-describedby="code-error"` : ''}></p>
<p><button class="utrecht-button utrecht-button--primary-action" type="submit">${m.mijn.activate}</button></p>
</form>
</section>`
  : ''}
${view.mayAnswer
  ? html`<section aria-labelledby="answer-heading">
<h2 class="utrecht-heading-2" id="answer-heading">${m.mijn.answerTitle}</h2>
<p>${m.mijn.answerIntro(mandate.agent.name)}</p>
<form method="post" action="/mijn/machtigingen/${mandate.id}/goedkeuren" class="inline">${csrfField(view.csrf)}<button class="utrecht-button utrecht-button--primary-action" type="submit">${m.mijn.approve}</button></form>
<form method="post" action="/mijn/machtigingen/${mandate.id}/weigeren" class="inline">${csrfField(view.csrf)}<button class="utrecht-button utrecht-button--secondary-action secondary" type="submit">${m.mijn.decline}</button></form>
</section>`
  : ''}
${view.mayRevoke
  ? html`<p class="form-secondary"><a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action" id="revoke" href="/mijn/machtigingen/${mandate.id}/intrekken">${view.status === 'requested' && !view.isPrincipal ? m.mijn.withdrawRequest : m.mijn.revoke}</a></p>`
  : ''}
${view.isPrincipal
  ? html`<section aria-labelledby="uses-heading">
<h2 class="utrecht-heading-2" id="uses-heading">${m.mijn.usesTitle}</h2>
${view.uses.length === 0
  ? html`<p id="uses">${m.mijn.notUsed}</p>`
  : html`<table class="utrecht-table utrecht-table--html-table uses" id="uses">
<thead><tr><th scope="col">${m.mijn.usesColumns.at}</th><th scope="col">${m.mijn.usesColumns.who}</th><th scope="col">${m.mijn.usesColumns.app}</th><th scope="col">${m.mijn.usesColumns.service}</th></tr></thead>
<tbody>${view.uses.map((use) => html`<tr><td>${formatMoment(use.at)}</td><td>${use.agentName}</td><td>${use.clientName}</td><td>${use.serviceName}</td></tr>`)}</tbody>
</table>`}
</section>`
  : ''}
<p><a class="utrecht-link" href="/mijn">${m.mijn.backToOverview}</a></p>`,
  );
}

/**
 * After a refused activation: the same page whatever was wrong (code, expiry, an id that is not the person's, a lock),
 * with the message at the code field and the form to try again. It shows nothing of the mandate.
 */
export function activationRefusedPage(view: MijnView & { action: string; error: string }): string {
  const m = t();
  return layout(
    m.mijn.activateTitle,
    html`${mijnBar(view)}
<form method="post" action="${view.action}" class="form" novalidate>
${csrfField(view.csrf)}
<p class="utrecht-form-field"><label class="utrecht-form-label" for="code">${m.mijn.activationCode}</label>
<span class="field-error utrecht-form-field-error-message" id="code-error" role="alert">${view.error}</span>
<input class="utrecht-textbox utrecht-textbox--html-input" id="code" name="code" autocomplete="off" spellcheck="false" aria-invalid="true" aria-describedby="code-error"></p>
<p><button class="utrecht-button utrecht-button--primary-action" type="submit">${m.mijn.activate}</button></p>
</form>
<p><a class="utrecht-link" href="/mijn">${m.mijn.backToOverview}</a></p>`,
  );
}

/** The confirmation before a mandate (or a request) is revoked: what ends, that it is final, yes (a POST) or back. */
export function revokeConfirmPage(view: MijnView & { mandate: MandateRecord; withdrawRequest: boolean }): string {
  const { mandate } = view;
  const m = t();
  const c = m.mijn.revokeConfirm;
  return layout(
    view.withdrawRequest ? c.requestTitle : c.title,
    html`${mijnBar(view)}
<p class="utrecht-paragraph utrecht-paragraph--lead" id="question">${view.withdrawRequest
      ? c.requestQuestion(mandate.principal.name, coverageLabel(mandate))
      : c.question(mandate.principal.name, mandate.agent.name, coverageLabel(mandate))}</p>
<p>${c.final}</p>
<div class="actions">
<form method="post" action="/mijn/machtigingen/${mandate.id}/intrekken">${csrfField(view.csrf)}<button class="utrecht-button utrecht-button--primary-action" type="submit">${c.yes}</button></form>
<a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action" href="/mijn/machtigingen/${mandate.id}">${c.no}</a>
</div>`,
  );
}
