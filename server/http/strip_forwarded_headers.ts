// Behind a TLS-terminating proxy, only the proxy may say what the original request was (https, the client's address,
// the host). With TRUSTED_PROXIES set, Koa and oidc-provider believe X-Forwarded-* (app.proxy = true); so every
// X-Forwarded-* and Forwarded header from a peer that is not one of those proxies is removed first, before anything
// reads it. Without trusted proxies nothing believes the headers and nothing is removed.
import type { Context, Next } from 'koa';

/** The peer address as configured: IPv4 peers of a dual-stack socket arrive as `::ffff:10.0.0.5`. */
export function peerAddress(address: string | undefined): string {
  const plain = address ?? '';
  return plain.startsWith('::ffff:') && plain.includes('.') ? plain.slice('::ffff:'.length) : plain;
}

export function isTrustedProxy(address: string | undefined, trustedProxies: readonly string[]): boolean {
  return trustedProxies.length > 0 && trustedProxies.includes(peerAddress(address));
}

export function stripForwardedHeaders(trustedProxies: readonly string[]) {
  return async function stripForwardedHeadersMiddleware(ctx: Context, next: Next) {
    if (!isTrustedProxy(ctx.req.socket.remoteAddress, trustedProxies)) {
      for (const name of Object.keys(ctx.req.headers)) {
        if (name.startsWith('x-forwarded-') || name === 'forwarded') delete ctx.req.headers[name];
      }
    }
    await next();
  };
}
