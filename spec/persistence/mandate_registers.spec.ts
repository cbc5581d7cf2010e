// The registers read as one (server/persistence/mandate_registers.ts): the options at the selection screen in one
// statement, and the re-check of a choice by primary key, which must agree with them for every persona, service and
// day, on the real database (SQLite, or PostgreSQL with TEST_POSTGRES_URL).
import assert from 'node:assert/strict';
import { addDays, dutchDate } from '../../server/domain/dates.ts';
import { createMandateIndex } from '../../server/domain/mandate_index.ts';
import type { Person } from '../../server/domain/parties.ts';
import { createCatalogRepository } from '../../server/persistence/catalog_repository.ts';
import { createMandateRegisters } from '../../server/persistence/mandate_registers.ts';
import { createPersonRepository } from '../../server/persistence/party_repository.ts';
import { PERSONS } from '../../seeds/personas.ts';
import { startServer, type TestServer } from '../support/server.ts';

describe('persistence: the mandate registers, read as one', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => server.close());

  it('finds by primary key exactly the options the selection screen offers, for every persona, service and day around today', async () => {
    const index = createMandateIndex(createMandateRegisters(server.app.db));
    const services = await createCatalogRepository(server.app.db).listServices();
    const persons = createPersonRepository(server.app.db);
    const today = dutchDate(new Date());
    let compared = 0;
    for (const persona of PERSONS) {
      const agent = (await persons.findByBsn(persona.bsn)) as Person;
      for (const service of services) {
        for (const at of [addDays(today, -40), today, addDays(today, 40)]) {
          const options = (await index.optionsFor(agent, service, at)).filter((option) => option.kind === 'mandate');
          for (const option of options) {
            assert.deepEqual(await index.findOption(agent, service, option.id, at), option, `${persona.username} ${service.id} ${at} ${option.id}`);
            compared++;
          }
        }
      }
    }
    assert.ok(compared >= 30, `${compared} options compared`);
  });

  it('finds nothing for a mandate of someone else, an unknown id, or a chain that is not one', async () => {
    const index = createMandateIndex(createMandateRegisters(server.app.db));
    const services = createCatalogRepository(server.app.db);
    const persons = createPersonRepository(server.app.db);
    const bijstand = (await services.findService('urn:namens:service:bijzondere-bijstand'))!;
    const jan = (await persons.findByBsn('999993653'))!;
    const kees = (await persons.findByBsn('999990111'))!;
    const today = dutchDate(new Date());
    const annaBewind = 'a0000000-0000-4000-8000-000000000001';
    assert.ok(await index.findOption(jan, bijstand, annaBewind, today));
    assert.equal(await index.findOption(kees, bijstand, annaBewind, today), undefined, 'not kees’s mandate');
    assert.equal(await index.findOption(jan, bijstand, 'a0000000-0000-4000-8000-0000000000ff', today), undefined);
    assert.equal(await index.findOption(jan, bijstand, `${annaBewind}.a0000000-0000-4000-8000-000000000002`, today), undefined, 'bewind is no link to go through');
    assert.equal(await index.findOption(jan, bijstand, `${annaBewind}.`, today), undefined);
    assert.equal(await index.findOption(jan, bijstand, `x.y.z`, today), undefined);
  });
});
