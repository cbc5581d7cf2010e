import { html, type SafeHtml } from '../server/http/html.ts';
import type { MandateRecord, ShownStatus } from '../server/domain/my_mandates.ts';
import { layout } from './layout.ts';
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
  if (rows.length === 0) return html`<p id="${id}">Geen.</p>`;
  return html`<table class="mandates" id="${id}">
<caption class="visually-hidden">${caption}</caption>
<thead><tr><th scope="col">${who}</th><th scope="col">Soort</th><th scope="col">Diensten of zaken</th><th scope="col">Geldig</th><th scope="col">Status</th></tr></thead>
<tbody>
${rows.map(
  ({ mandate, status, otherName }) => html`<tr data-mandate="${mandate.id}">
<td><a href="/mijn/machtigingen/${mandate.id}">${otherName}</a></td>
<td>${basisLabel(mandate)}</td>
<td>${coverageLabel(mandate)}</td>
<td>${validityLabel(mandate)}</td>
<td class="status status-${status}">${statusLabel(mandate, status)}</td>
</tr>`,
)}
</tbody>
</table>`;
}

export function overviewPage(view: OverviewView): string {
  return layout(
    'Mijn machtigingen',
    html`${mijnBar(view)}
<p class="actions"><a class="button" href="/mijn/machtigingen/nieuw">Iemand machtigen</a> <a class="button secondary" href="/mijn/machtigingen/aanvragen">Een machtiging aanvragen</a></p>
<h2>Machtigingen die u hebt gegeven</h2>
<p>Deze mensen of organisaties mogen namens u handelen.</p>
${table('Machtigingen die u hebt gegeven', 'Gemachtigde', view.given, 'given')}
<h2>Machtigingen die u hebt gekregen</h2>
<p>U mag namens deze mensen of organisaties handelen.</p>
${table('Machtigingen die u hebt gekregen', 'Namens', view.held, 'held')}`,
  );
}

export function landingPage(): string {
  return layout(
    'Mijn machtigingen',
    html`<p class="intro">Hier ziet u wie namens u mag handelen, namens wie u mag handelen, en wanneer een machtiging is gebruikt.
U kunt iemand machtigen, een machtiging aanvragen en machtigingen intrekken.</p>
<p><a class="button" href="/mijn/login">Inloggen</a></p>`,
  );
}
