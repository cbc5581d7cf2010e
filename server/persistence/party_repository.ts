// Parties (persons and organisations) and the test users who log in as persons.
import type { Organisation, Party, Person } from '../domain/parties.ts';
import type { PersonRepository, TestUserRepository } from '../domain/repositories.ts';
import { hotStatementsOf, type Database } from './database.ts';
import { sharedReadCache } from './read_cache.ts';

export interface PartyRow {
  id: string;
  kind: string;
  bsn: string | null;
  kvk: string | null;
  rsin: string | null;
  name: string;
  birth_date: string | null;
}

export const PARTY_COLUMNS = ['id', 'kind', 'bsn', 'kvk', 'rsin', 'name', 'birth_date'] as const;

export function toParty(row: PartyRow): Party {
  if (row.kind === 'person') {
    return { kind: 'person', id: row.id, bsn: row.bsn as string, name: row.name, birthDate: row.birth_date as string } satisfies Person;
  }
  return { kind: 'organisation', id: row.id, kvk: row.kvk as string, rsin: row.rsin, name: row.name } satisfies Organisation;
}

export function createPersonRepository(db: Database): PersonRepository {
  const cache = sharedReadCache<Person | undefined>(db, 'persons', 10_000);
  return {
    findByBsn(bsn) {
      return cache.get(bsn, async () => {
        const row = (await db('parties').select(PARTY_COLUMNS).where({ bsn, kind: 'person' }).first()) as PartyRow | undefined;
        return row && (toParty(row) as Person);
      });
    },
  };
}

const FIND_TEST_USER = `SELECT u.username, u.password_hash, ${PARTY_COLUMNS.map((column) => `p.${column}`).join(', ')}
  FROM test_users u JOIN parties p ON p.id = u.party_id WHERE u.username = ? LIMIT 1`;

export function createTestUserRepository(db: Database): TestUserRepository {
  const hot = hotStatementsOf(db);
  return {
    async findByUsername(username) {
      const [row] = await hot.all<PartyRow & { username: string; password_hash: string }>(FIND_TEST_USER, [username]);
      return row && { username: row.username, passwordHash: row.password_hash, person: toParty(row) as Person };
    },
  };
}
