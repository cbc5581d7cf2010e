// The limit of the forms that match a BSN against a name or birth date (grant: BSN and surname; request: BSN and
// birth date), in their routes' pipelines after the session: each post reserves a point of the person logged in and
// one of the BSN typed, before the pair is looked up. A mismatch keeps both; anything else gives them back. So neither
// one person trying many birth dates, nor many accounts trying one BSN, learns a birth date or a name by guessing.
import type { Context } from 'koa';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { isBsn } from '../domain/identifiers.ts';
import type { FieldErrors, MandateForm } from '../domain/my_mandates.ts';
import { reservePoint } from '../http/reserve_point.ts';
import { sessionOf } from './context.ts';
import { readMandateForm } from './mandate_form.ts';

const MISMATCH = new Set(['agent_unknown', 'principal_unknown']);

/**
 * For the grant and request actions, given the refusal of their use case: when the BSN did not match the surname or
 * birth date, the point stays spent, and the form is shown again without the BSN and the other half, so the answer
 * is the same whichever was wrong. Returns the form to show.
 */
export function limitBsnChecksOutcome(ctx: Context, form: MandateForm, errors: FieldErrors): MandateForm {
  if (!errors.check || !MISMATCH.has(errors.check.code)) return form;
  (ctx.state as { bsnMismatch?: boolean }).bsnMismatch = true;
  return { ...form, bsn: '', check: '' };
}

export function limitBsnChecks(limiter: RateLimiterAbstract) {
  return reservePoint({
    limiter,
    keysOf(ctx) {
      const { bsn } = readMandateForm(ctx.request.body, 'surname');
      return [`person:${sessionOf(ctx).person.id}`, ...(isBsn(bsn) ? [`bsn:${bsn}`] : [])];
    },
    message: 'too many BSNs did not match the name or birth date given; wait an hour before trying again',
    failed: (ctx) => (ctx.state as { bsnMismatch?: boolean }).bsnMismatch === true,
  });
}
