// How the selection screen names a represented person: name and date of birth (to tell namesakes apart), as the
// seeds made them on the day the spec runs.
import { dutchDate } from '../../server/domain/dates.ts';
import { birthDateFor, PERSONS } from '../../seeds/personas.ts';

const DATE = new Intl.DateTimeFormat('nl-NL', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });

/** "Anna de Vries (geboren 21 augustus 1959)" for the seeded persona `username`. */
export function shown(username: string): string {
  const person = PERSONS.find((candidate) => candidate.username === username);
  if (!person) throw new Error(`no persona ${username}`);
  return `${person.name} (geboren ${DATE.format(new Date(`${birthDateFor(person.age, dutchDate(new Date()))}T00:00:00Z`))})`;
}
