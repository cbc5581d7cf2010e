// GET /.well-known/authzen-configuration — the PDP metadata document of the decision API (AuthZEN, "Policy Decision
// Point Metadata"): namens' issuer is the PDP identifier, and the endpoints it implements are listed (action search
// is not, so its parameter is left out, as the profile says).
import type { Context } from 'koa';
import { DECISIONS_API_PATH } from '../oidc/decisions_resource.ts';

/** Where the document is served: the well-known string between the host and the issuer's path, if any (RFC 8615). */
export function metadataPath(issuer: string): string {
  const path = new URL(issuer).pathname.replace(/\/$/, '');
  return `/.well-known/authzen-configuration${path}`;
}

export function pdpMetadata(issuer: string) {
  const base = `${issuer}${DECISIONS_API_PATH}`;
  return {
    policy_decision_point: issuer,
    access_evaluation_endpoint: `${base}/evaluation`,
    access_evaluations_endpoint: `${base}/evaluations`,
    search_subject_endpoint: `${base}/search/subject`,
    search_resource_endpoint: `${base}/search/resource`,
  };
}

export function showMetadata(issuer: string) {
  const document = pdpMetadata(issuer);
  return function showMetadataAction(ctx: Context) {
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.body = document;
  };
}
