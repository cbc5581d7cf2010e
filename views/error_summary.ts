import { html, type SafeHtml } from './html.ts';
import { t } from './messages/index.ts';

/** One problem in a form: its message, and the id of the field it is about (a link to it), if any. */
export interface Problem {
  field?: string;
  message: string;
}

/**
 * The error summary of the NL Design System (and GOV.UK) pattern: above the form, a heading and one link per problem
 * to its field; it takes the focus when the page opens (autofocus, no JavaScript), so a screen reader reads it first.
 * Each field repeats its own message next to it.
 */
export function errorSummary(problems: Problem[]): SafeHtml | '' {
  if (problems.length === 0) return '';
  const m = t();
  return html`<div class="error-summary utrecht-alert utrecht-alert--error" id="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus>
<h2 class="utrecht-heading-3" id="error-summary-title">${m.errorSummary.title}</h2>
<ul class="error-summary__list">
${problems.map((problem) => html`<li>${problem.field ? html`<a class="utrecht-link" href="#${problem.field}">${problem.message}</a>` : problem.message}</li>`)}
</ul>
</div>`;
}
