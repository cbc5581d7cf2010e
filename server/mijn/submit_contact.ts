// POST /mijn/e-mail — saves the typed address (checked by the domain's rule, server/domain/contacts.ts) in the language
// the person uses /mijn in, or removes it (action=remove). A refused address shows the form again with the reason.
import type { Context } from 'koa';
import { checkEmail } from '../domain/contacts.ts';
import { formField } from '../http/parse_form.ts';
import { contactPage } from '../../views/mijn_contact.ts';
import { currentLocale } from '../../views/locale.ts';
import { page, sessionOf, type MijnDeps } from './context.ts';

export function submitContact(deps: MijnDeps) {
  return async function submitContactAction(ctx: Context) {
    const { person, csrf } = sessionOf(ctx);
    if (formField(ctx.request.body, 'action') === 'remove') {
      await deps.contacts.remove(person.id);
      ctx.status = 303;
      ctx.redirect('/mijn/e-mail?gedaan=verwijderd');
      return;
    }
    const typed = (formField(ctx.request.body, 'email') ?? '').slice(0, 1000);
    const checked = checkEmail(typed);
    if ('problem' in checked) {
      const current = (await deps.contacts.find(person.id))?.email;
      page(ctx, contactPage({ personName: person.name, csrf, current, typed: typed.trim().slice(0, 254), problem: checked.problem }), 400);
      return;
    }
    await deps.contacts.save({ partyId: person.id, email: checked.email, locale: currentLocale(), updatedAt: deps.clock().getTime() });
    ctx.status = 303;
    ctx.redirect('/mijn/e-mail?gedaan=opgeslagen');
  };
}
