// The admin API as operator tooling uses it: a client-credentials token from namens, then JSON over HTTP.
export async function adminToken(url: string, clientId = 'demo-admin', secret = 'demo-admin-secret'): Promise<string> {
  const response = await fetch(`${url}/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'namens:admin' }).toString(),
  });
  const body = (await response.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`no admin token: ${response.status} ${JSON.stringify(body)}`);
  return body.access_token;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  // any: JSON of many shapes; each spec asserts the fields it reads.
  body: any;
}

export function adminApi(url: string, token: string | undefined) {
  return async (method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<ApiResponse> => {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = contentType;
    const response = await fetch(`${url}/admin/api${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };
}
