// The migrations in order, as a knex migration source: no file-system loader, so it runs the same under tsx and in tests.
import type { Knex } from 'knex';
import * as foundation from './20261129060000_foundation.ts';
import * as catalogAndRegisters from './20261129060100_catalog_and_registers.ts';
import * as myMandates from './20261129070000_my_mandates.ts';
import * as adminApi from './20261129080000_admin_api.ts';
import * as reliability from './20261129090000_reliability.ts';
import * as upstreamEmployees from './20261129100000_upstream_employees.ts';
import * as rateLimitExpiry from './20261129110000_rate_limit_expiry.ts';
import * as mijnSessions from './20261130090000_mijn_sessions.ts';
import * as hashedClientSecrets from './20261202090000_hashed_client_secrets.ts';
import * as notifications from './20261202140000_notifications.ts';
import * as decisionLog from './20261202150000_decision_log.ts';
import * as partialModelIndexes from './20261203090000_partial_model_indexes.ts';
import * as unloggedRateLimits from './20261204090000_unlogged_rate_limits.ts';

const migrations: Record<string, Knex.Migration> = {
  '20261129060000_foundation': foundation,
  '20261129060100_catalog_and_registers': catalogAndRegisters,
  '20261129070000_my_mandates': myMandates,
  '20261129080000_admin_api': adminApi,
  '20261129090000_reliability': reliability,
  '20261129100000_upstream_employees': upstreamEmployees,
  '20261129110000_rate_limit_expiry': rateLimitExpiry,
  '20261130090000_mijn_sessions': mijnSessions,
  '20261202090000_hashed_client_secrets': hashedClientSecrets,
  '20261202140000_notifications': notifications,
  '20261202150000_decision_log': decisionLog,
  '20261203090000_partial_model_indexes': partialModelIndexes,
  '20261204090000_unlogged_rate_limits': unloggedRateLimits,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name]!,
};
