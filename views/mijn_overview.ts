import { html, type SafeHtml } from './html.ts';
import type { MandateRecord, ShownStatus } from '../server/domain/my_mandates.ts';
import { layout } from './layout.ts';
import { t } from './messages/index.ts';
import { basisLabel, coverageLabel, mijnBar, statusLabel, validityLabel, type MijnView } from './mijn_parts.ts';

export interface OverviewRow {
  mandate: MandateRecord;
  status: ShownStatus;
  /** The other party: the agent of a given mandate, the principal of a held one. */
  otherName: string;
}

export interface OverviewView extends MijnView {
  given: OverviewRow[];
  held: OverviewRow[];
}

function table(caption: string, who: string, rows: OverviewRow[], id: string): SafeHtml {
  const m = t();
  if (rows.length === 0) return html`<p id="${id}">${m.mijn.none}</p>`;
  const c = m.mijn.columns;
  return html`<div class="utrecht-table-container"><table class="utrecht-table utrecht-table--html-table mandates" id="${id}">
<caption class="visually-hidden">${caption}</caption>
<thead><tr><th scope="col">${who}</th><th scope="col">${c.kind}</th><th scope="col">${c.coverage}</th><th scope="col">${c.valid}</th><th scope="col">${c.status}</th></tr></thead>
<tbody>
${rows.map(
  ({ mandate, status, otherName }) => html`<tr data-mandate="${mandate.id}">
<td><a class="utrecht-link" href="/mijn/machtigingen/${mandate.id}">${otherName}</a></td>
<td data-label="${c.kind}">${basisLabel(mandate)}</td>
<td data-label="${c.coverage}">${coverageLabel(mandate)}</td>
<td data-label="${c.valid}">${validityLabel(mandate)}</td>
<td class="status status-${status}" data-label="${c.status}">${statusLabel(mandate, status)}</td>
</tr>`,
)}
</tbody>
</table></div>`;
}

export function overviewPage(view: OverviewView): string {
  const m = t();
  return layout(
    m.mijn.title,
    html`${mijnBar(view)}
${view.held
  .filter((row) => row.status === 'pending')
  .map(
    ({ mandate, otherName }) => html`<div class="invitation" data-invitation="${mandate.id}"><p>${m.mijn.invitation(otherName)}</p>
<p><a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action" href="/mijn/machtigingen/${mandate.id}#code">${m.mijn.invitationLink(otherName)}</a></p></div>`,
  )}
<p class="actions"><a class="button utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action" href="/mijn/machtigingen/nieuw">${m.mijn.grantSomeone}</a> <a class="button secondary utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action" href="/mijn/machtigingen/aanvragen">${m.mijn.askMandate}</a></p>
<p><a class="utrecht-link" href="/mijn/e-mail" id="contact-link">${m.mijn.contact.link}</a></p>
<h2 class="utrecht-heading-2">${m.mijn.givenTitle}</h2>
<p>${m.mijn.givenIntro}</p>
${table(m.mijn.givenTitle, m.mijn.columns.agent, view.given, 'given')}
<h2 class="utrecht-heading-2">${m.mijn.heldTitle}</h2>
<p>${m.mijn.heldIntro}</p>
${table(m.mijn.heldTitle, m.mijn.columns.principal, view.held, 'held')}
<p><a class="utrecht-link" id="checks-link" href="/mijn/gecontroleerd">${m.decisions.link}</a></p>`,
  );
}

export function landingPage(): string {
  const m = t();
  return layout(
    m.mijn.title,
    html`<p class="intro utrecht-paragraph utrecht-paragraph--lead">${m.mijn.landing}</p>
<p><a class="button utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action" href="/mijn/login">${m.mijn.login}</a></p>`,
  );
}
