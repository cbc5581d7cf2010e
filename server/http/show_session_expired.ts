// An interaction that has expired or belongs to another browser ends on a page that says to start again from the
// app (its parameters are gone by then, so the error cannot go back to the app).
import type { Context, Next } from 'koa';
import { errors } from 'oidc-provider';
import { errorPage } from '../../views/error.ts';
import { t } from '../../views/messages/index.ts';

export async function showSessionExpired(ctx: Context, next: Next) {
  try {
    await next();
  } catch (error) {
    if (!(error instanceof errors.SessionNotFound)) throw error;
    ctx.status = 400;
    ctx.type = 'html';
    ctx.body = errorPage({ title: t().errors.sessionExpiredTitle, message: t().errors.sessionExpired, code: 'session_not_found' });
  }
}
