// The page where a person gives, changes or removes the e-mail address their notifications go to.
import { html } from './html.ts';
import type { EmailProblem } from '../server/domain/contacts.ts';
import { csrfField, layout } from './layout.ts';
import { t } from './messages/index.ts';
import { mijnBar, type MijnView } from './mijn_parts.ts';
import { errorSummary } from './error_summary.ts';

export interface ContactView extends MijnView {
  /** The address kept now, if any. */
  current: string | undefined;
  /** What the field shows: the address kept, or what was typed when it was refused. */
  typed: string;
  problem?: EmailProblem;
  notice?: string;
}

export function contactPage(view: ContactView): string {
  const m = t();
  const c = m.mijn.contact;
  const error = view.problem ? c.errors[view.problem] : undefined;
  return layout(
    c.title,
    html`${mijnBar(view)}
${view.notice ? html`<p class="notice utrecht-alert utrecht-alert--ok" role="status">${view.notice}</p>` : ''}
<p class="intro">${c.intro}</p>
<p id="contact-current">${view.current ? c.current(view.current) : c.none}</p>
${errorSummary(error ? [{ field: 'email', message: error }] : [])}
<form method="post" action="/mijn/e-mail" class="form" novalidate>
${csrfField(view.csrf)}
<p class="utrecht-form-field"><label class="utrecht-form-label" for="email">${c.email}</label>
${error ? html`<span class="field-error utrecht-form-field-error-message" id="email-error">${error}</span>` : ''}
<input class="utrecht-textbox utrecht-textbox--html-input" id="email" name="email" type="email" autocomplete="email" maxlength="254" value="${view.typed}"${error ? html` aria-invalid="true" aria-describedby="email-error"` : ''}></p>
<p class="actions"><button type="submit" name="action" value="save" class="utrecht-button utrecht-button--primary-action">${c.save}</button>
${view.current ? html` <button type="submit" name="action" value="remove" class="utrecht-button utrecht-button--secondary-action secondary">${c.remove}</button>` : ''}</p>
</form>
<p><a class="utrecht-link" href="/mijn">${m.mijn.backToOverview}</a></p>`,
  );
}
