// /mijn/gecontroleerd: "who checked my mandates": every decision about the person as the represented party, newest
// first: when, who asked (the app or the service provider's back office), for whom, which service, where, the outcome
// and the rule that decided.
import { html } from './html.ts';
import type { DecisionLogRow } from '../server/domain/repositories.ts';
import { layout } from './layout.ts';
import { t } from './messages/index.ts';
import { currentLocale } from './locale.ts';
import { formatMoment, mijnBar, type MijnView } from './mijn_parts.ts';

export interface ChecksView extends MijnView {
  rows: DecisionLogRow[];
}

export function checksPage(view: ChecksView): string {
  const m = t();
  const c = m.decisions.columns;
  const lines = view.rows.flatMap((row) => row.decisions.map((decision) => ({ row, decision })));
  return layout(
    m.decisions.title,
    html`${mijnBar(view)}
<p>${m.decisions.intro}</p>
${lines.length === 0
  ? html`<p id="checks">${m.decisions.none}</p>`
  : html`<div class="utrecht-table-container"><table class="utrecht-table utrecht-table--html-table checks" id="checks">
<caption class="visually-hidden">${m.decisions.title}</caption>
<thead><tr><th scope="col">${c.at}</th><th scope="col">${c.asker}</th><th scope="col">${c.agent}</th><th scope="col">${c.service}</th><th scope="col">${c.point}</th><th scope="col">${c.outcome}</th></tr></thead>
<tbody>${lines.map(
  ({ row, decision }) => html`<tr data-point="${decision.point}" data-rule="${decision.rule}">
<td data-label="${c.at}">${formatMoment(decision.at)}</td>
<td data-label="${c.asker}">${row.clientName ?? m.decisions.unknown}</td>
<td data-label="${c.agent}">${decision.subject?.name ?? m.decisions.unknown}</td>
<td data-label="${c.service}">${decision.service ? decision.service.name[currentLocale()] || decision.service.name.nl : m.decisions.unknown}</td>
<td data-label="${c.point}">${m.decisions.points[decision.point] ?? decision.point}</td>
<td data-label="${c.outcome}">${decision.decision ? m.decisions.permit : m.decisions.deny}: ${m.decisions.rules[decision.rule] ?? decision.rule}</td>
</tr>`,
)}</tbody>
</table></div>`}
<p><a class="utrecht-link" href="/mijn">${m.mijn.backToOverview}</a></p>`,
  );
}
