// A person's e-mail address for notifications (table person_contacts, one row per person, by primary key).
import type { ContactRepository } from '../domain/contacts.ts';
import type { Database } from './database.ts';

export function createContactRepository(db: Database): ContactRepository {
  return {
    async find(partyId) {
      const row = (await db('person_contacts').where({ party_id: partyId }).first()) as { party_id: string; email: string; locale: string; updated_at: number | string } | undefined;
      return row && { partyId: row.party_id, email: row.email, locale: row.locale === 'en' ? 'en' : 'nl', updatedAt: Number(row.updated_at) };
    },
    async save(contact) {
      const row = { party_id: contact.partyId, email: contact.email, locale: contact.locale, updated_at: contact.updatedAt };
      await db('person_contacts').insert(row).onConflict('party_id').merge(['email', 'locale', 'updated_at']);
    },
    async remove(partyId) {
      await db('person_contacts').where({ party_id: partyId }).delete();
    },
  };
}
