// Persons who log in through an upstream identity provider: found by BSN (unique index on parties.bsn), or created.
import { randomUUID } from 'node:crypto';
import type { Person } from '../domain/parties.ts';
import type { UpstreamPersonRepository } from '../domain/upstream_persons.ts';
import type { Database } from './database.ts';
import { PARTY_COLUMNS, toParty, type PartyRow } from './party_repository.ts';
import { sharedReadCache } from './read_cache.ts';

export function createUpstreamPersonRepository(db: Database): UpstreamPersonRepository {
  const persons = sharedReadCache<Person | undefined>(db, 'persons', 10_000);
  return {
    async findOrCreate(bsn, name) {
      const row = await db.transaction(async (trx) => {
        const known = (await trx('parties').select(PARTY_COLUMNS).where({ bsn, kind: 'person' }).first()) as PartyRow | undefined;
        if (known) return known;
        // A concurrent first login of the same person inserts nothing twice: the BSN is unique.
        await trx('parties').insert({ id: `person-${randomUUID()}`, kind: 'person', bsn, kvk: null, rsin: null, name, birth_date: null }).onConflict('bsn').ignore();
        return (await trx('parties').select(PARTY_COLUMNS).where({ bsn, kind: 'person' }).first()) as PartyRow | undefined;
      });
      // The person may have been looked up (and found missing) a moment ago: drop that from the shared cache.
      persons.delete(bsn);
      if (!row) throw new Error('a party with this BSN exists but is not a person');
      return toParty(row) as Person;
    },
  };
}
