// Client secrets are kept as their SHA-256 ("sha256:" + base64url), no longer in clear: a copy of the database no
// longer lets anyone authenticate as an app. Every stored secret is hashed here once; the hash cannot be undone, so
// down leaves them hashed (the code before this migration would refuse those clients' secrets).
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

const PREFIX = 'sha256:';

export async function up(knex: Knex): Promise<void> {
  const rows = (await knex('clients').select('client_id', 'metadata')) as Array<{ client_id: string; metadata: string }>;
  for (const row of rows) {
    const metadata = JSON.parse(row.metadata) as Record<string, unknown>;
    const secret = metadata.client_secret;
    if (typeof secret !== 'string' || secret.startsWith(PREFIX)) continue;
    metadata.client_secret = PREFIX + createHash('sha256').update(secret, 'utf8').digest('base64url');
    await knex('clients').where({ client_id: row.client_id }).update({ metadata: JSON.stringify(metadata) });
  }
}

export async function down(): Promise<void> {}
