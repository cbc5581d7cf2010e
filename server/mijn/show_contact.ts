// GET /mijn/e-mail — the e-mail address the person's notifications go to, with the form to give, change or remove it.
import type { Context } from 'koa';
import { contactPage } from '../../views/mijn_contact.ts';
import { t } from '../../views/messages/index.ts';
import { page, sessionOf, type MijnDeps } from './context.ts';

export function showContact(deps: MijnDeps) {
  return async function showContactAction(ctx: Context) {
    const { person, csrf } = sessionOf(ctx);
    const contact = await deps.contacts.find(person.id);
    // The notice after a change (Post/Redirect/Get): a fixed text per outcome from the catalog, never text from the URL.
    const notice = typeof ctx.query.gedaan === 'string' ? t().mijn.contact.notices[ctx.query.gedaan] : undefined;
    page(ctx, contactPage({ personName: person.name, csrf, current: contact?.email, typed: contact?.email ?? '', ...(notice ? { notice } : {}) }));
  };
}
