// The client a request to oidc-provider names, before anything is verified: from HTTP Basic authentication, or the
// form's client_id, or the subject of its client_assertion (private_key_jwt). Only used to refuse a client that has
// spent its budget; never to count anything. The form is read once, at most 56 KiB (oidc-provider's own limit), and
// handed to oidc-provider as req.body; a larger one is refused with 413 and the rest of it drained, so the
// connection stays usable.
import type { Context } from 'koa';
import { PayloadTooLarge } from '../errors.ts';

const LIMIT = 56 * 1024;

async function readForm(ctx: Context): Promise<string> {
  const req = ctx.req;
  const tooLarge = () => {
    req.resume(); // drain what is left, so the answer can be sent on this connection
    return new PayloadTooLarge();
  };
  if (ctx.request.length !== undefined && ctx.request.length > LIMIT) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > LIMIT) throw tooLarge();
    chunks.push(chunk);
  }
  const raw = Buffer.concat(chunks).toString('utf8');
  (req as unknown as { body: string }).body = raw;
  return raw;
}

function subjectOf(assertion: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(assertion.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub?: unknown };
    return typeof payload.sub === 'string' ? payload.sub : undefined;
  } catch {
    return undefined;
  }
}

export async function readClaimedClient(ctx: Context): Promise<string | undefined> {
  let claimed: string | undefined;
  const basic = /^Basic\s+([A-Za-z0-9+/=._~-]+)\s*$/i.exec(ctx.get('authorization'));
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const id = decoded.slice(0, Math.max(0, decoded.indexOf(':')));
    try {
      claimed = decodeURIComponent(id.replace(/\+/g, ' '));
    } catch {
      claimed = id;
    }
  }
  if (!ctx.is('application/x-www-form-urlencoded')) return claimed || undefined;
  const form = new URLSearchParams(await readForm(ctx));
  if (claimed) return claimed;
  const ids = form.getAll('client_id');
  if (ids.length === 1 && ids[0]) return ids[0];
  const assertions = form.getAll('client_assertion');
  return assertions.length === 1 ? subjectOf(assertions[0]!) : undefined;
}
