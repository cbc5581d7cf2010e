// One table of cases, run through every entry point that writes a register: the admin API, an import over HTTP, an
// import on the command line, `namens mandates add`, and /mijn where the case applies. Each entry point must reach the same outcome, and the
// selection screen must then offer exactly what the rules allow (issue 14: defects 2, 3 and 4, and the table).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { addDays, addYears, dutchDate } from '../../server/domain/dates.ts';
import { SERVICES } from '../../seeds/personas.ts';
import { adminApi, adminToken, type ApiResponse } from '../admin/admin_client.ts';
import { Browser, radioOptions } from '../support/browser.ts';
import { logInToMijn, textOf } from '../support/mijn.ts';
import { authorizationRequest, client, completeFlow, discover, PASSWORD, REDIRECT_URI } from '../support/relying_party.ts';
import { startServer, type TestServer } from '../support/server.ts';

const run = promisify(execFile);
const uuid = (slug: string) => SERVICES.find((service) => service.id === `urn:namens:service:${slug}`)!.uuid;
const LARS = '999990196';
const JAN = '999993653';
const ANNA = '999990019';
const KEES = '999990111';
const TRUUS = '999990123';
const BEWINDVOERING_OOST = '68750110';

/** A valid BSN (eleven-test) for every n, none of them a seeded person's. */
function bsn(n: number): string {
  for (let base = 20_000_000 + n * 13; ; base++) {
    const digits = String(base).padStart(8, '0').split('').map(Number);
    const sum = digits.reduce((total, digit, i) => total + digit * (9 - i), 0);
    const check = sum % 11;
    if (check < 10 && sum !== check) return `${digits.join('')}${check}`;
  }
}

type EntryPoint = 'admin' | 'import' | 'cli' | 'cliAdd';
const ENTRY_POINTS: EntryPoint[] = ['admin', 'import', 'cli', 'cliAdd'];
type Register = 'legal' | 'company' | 'voluntary';
const PATHS: Record<Register, string> = { legal: '/legal-mandates', company: '/company-mandates', voluntary: '/voluntary-mandates' };

interface Case {
  name: string;
  register: Register;
  /** The record, for a principal made up for this case and entry point (`who`). */
  record(who: { bsn: string; name: string; entry: number }, today: string): Record<string, unknown>;
  accepted: boolean;
  /** Whether lars is then offered the principal at bijstand today. */
  offered?: boolean;
}

const today = () => dutchDate(new Date());
const CASES: Case[] = [
  {
    name: 'a mandate that starts and ends on one day',
    register: 'voluntary',
    record: (who, day) => ({ principal_bsn: who.bsn, principal_name: who.name, agent_bsn: LARS, services: [uuid('bijstand')], valid_from: day, valid_until: day }),
    accepted: true,
    offered: true,
  },
  {
    name: 'a mandate that ended yesterday',
    register: 'legal',
    record: (who, day) => ({ representative_bsn: LARS, represented_bsn: who.bsn, represented_name: who.name, type: 'bewind', professional: true, valid_from: addDays(day, -30), valid_until: addDays(day, -1) }),
    accepted: true,
    offered: false,
  },
  {
    name: 'a minor who turns 18 today',
    register: 'legal',
    record: (who, day) => ({ representative_bsn: LARS, represented_bsn: who.bsn, represented_name: who.name, represented_birth_date: addYears(day, -18), type: 'ouderlijk_gezag', professional: false, valid_from: addYears(day, -18) }),
    accepted: true,
    offered: false,
  },
  {
    name: 'a minor who turns 18 tomorrow',
    register: 'legal',
    record: (who, day) => ({ representative_bsn: LARS, represented_bsn: who.bsn, represented_name: who.name, represented_birth_date: addDays(addYears(day, -18), 1), type: 'ouderlijk_gezag', professional: false, valid_from: addYears(day, -17) }),
    accepted: true,
    offered: true,
  },
  {
    name: 'a person without a birth date (curatele)',
    register: 'legal',
    record: (who, day) => ({ representative_bsn: LARS, represented_bsn: who.bsn, represented_name: who.name, type: 'curatele', professional: true, valid_from: addDays(day, -5) }),
    accepted: true,
    offered: true,
  },
  {
    name: 'parental authority over a person without a birth date',
    register: 'legal',
    record: (who, day) => ({ representative_bsn: LARS, represented_bsn: who.bsn, represented_name: who.name, type: 'ouderlijk_gezag', professional: false, valid_from: addDays(day, -5) }),
    accepted: false,
  },
  {
    name: 'an identical overlap (the README’s own legal line: jan’s bewind for Anna again)',
    register: 'legal',
    record: () => ({ representative_bsn: JAN, represented_bsn: ANNA, type: 'bewind', professional: true, valid_from: '2025-01-01' }),
    accepted: false,
  },
  {
    name: 'an overlap in one service of a voluntary mandate (Truus for Kees, jaaropgave-bijstand again)',
    register: 'voluntary',
    record: (_who, day) => ({ principal_bsn: TRUUS, agent_bsn: KEES, services: [uuid('jaaropgave-bijstand'), uuid('bijstand')], valid_from: day, valid_until: addYears(day, 1) }),
    accepted: false,
  },
  {
    name: 'a withdrawn service',
    register: 'voluntary',
    record: (who, day) => ({ principal_bsn: who.bsn, principal_name: who.name, agent_bsn: LARS, services: [uuid('schuldhulpverlening')], valid_from: day, valid_until: addYears(day, 1) }),
    accepted: false,
  },
  {
    name: 'a chain whose first link ended (lars for Bewindvoering Oost, ended yesterday at the latest)',
    register: 'company',
    // One period per entry point, so the three do not overlap each other.
    record: (who, day) => ({ person_bsn: LARS, organisation_kvk: BEWINDVOERING_OOST, valid_from: addDays(day, -40 + who.entry * 10), valid_until: addDays(day, -31 + who.entry * 10) }),
    accepted: true,
  },
];

describe('flow: every entry point applies the same rules', function () {
  this.timeout(180_000); // the command line starts a process per register and per single change
  let server: TestServer;
  let api: (method: string, path: string, body?: unknown, contentType?: string) => Promise<ApiResponse>;
  let dir: string;
  /** outcome[case][entry point]: accepted or not. */
  const outcomes = new Map<string, Partial<Record<EntryPoint, boolean>>>();
  const principalOf = (c: number, entry: EntryPoint) => ({
    bsn: bsn(c * ENTRY_POINTS.length + ENTRY_POINTS.indexOf(entry)),
    name: `Case${c} ${entry[0]!.toUpperCase()}${entry.slice(1)}`,
    entry: ENTRY_POINTS.indexOf(entry),
  });

  const namens = (...args: string[]) =>
    run(process.execPath, [join(import.meta.dirname, '../../bin/namens.mjs'), ...args], { env: { ...process.env, DATABASE_URL: server.databaseUrl, LOG_LEVEL: 'silent' } }).then(
      ({ stdout }) => ({ code: 0, stdout, stderr: '' }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );

  before(async () => {
    server = await startServer();
    api = adminApi(server.url, await adminToken(server.url));
    dir = await mkdtemp(join(tmpdir(), 'namens-agree-'));
    assert.equal((await api('POST', `/services/${uuid('schuldhulpverlening')}/withdraw`)).status, 200);
    const day = today();

    // The admin API: one change per case.
    for (const [c, testCase] of CASES.entries()) {
      const response = await api('POST', PATHS[testCase.register], testCase.record(principalOf(c, 'admin'), day));
      assert.ok([201, 400, 409].includes(response.status), `${testCase.name}: ${response.status} ${JSON.stringify(response.body)}`);
      outcomes.set(testCase.name, { admin: response.status === 201 });
    }
    // The command line's single change: one process per case, exit 0 or 1.
    for (const [c, testCase] of CASES.entries()) {
      const result = await namens('mandates', 'add', testCase.register, JSON.stringify(testCase.record(principalOf(c, 'cliAdd'), day)));
      assert.ok([0, 1].includes(result.code), `${testCase.name}: exit ${result.code} ${result.stderr}`);
      if (result.code === 0) assert.match(result.stdout, new RegExp(`added ${testCase.register} mandate [0-9a-f-]{36}`));
      else assert.match(result.stderr, /^namens: \S/, 'one clear line');
      outcomes.get(testCase.name)!.cliAdd = result.code === 0;
    }
    // Imports over HTTP and on the command line: one partial import per register; a case's line is accepted or rejected.
    for (const register of ['legal', 'company', 'voluntary'] as const) {
      const cases = [...CASES.entries()].filter(([, testCase]) => testCase.register === register);
      for (const entry of ['import', 'cli'] as const) {
        const lines = cases.map(([c, testCase], i) => JSON.stringify({ source_record_id: `${entry}:${register}:${i}`, ...testCase.record(principalOf(c, entry), day) }));
        let rejectedLines: number[];
        if (entry === 'import') {
          const response = await api('POST', `/imports?format=jsonl&register=${register}&partial=true`, lines.join('\n') + '\n', 'application/x-ndjson');
          assert.equal(response.status, 200, JSON.stringify(response.body));
          rejectedLines = response.body.errors.map((error: { line: number }) => error.line);
        } else {
          const file = join(dir, `${register}.jsonl`);
          await writeFile(file, lines.join('\n') + '\n');
          const result = await namens('import', file, '--register', register, '--partial', '--rejects', `${file}.rejects`);
          assert.equal(result.code, 0, result.stderr);
          const rejects = (await readFile(`${file}.rejects`, 'utf8')).split('\n').filter(Boolean);
          rejectedLines = rejects.map((line) => (JSON.parse(line) as { line: number }).line);
        }
        cases.forEach(([, testCase], i) => (outcomes.get(testCase.name)![entry] = !rejectedLines.includes(i + 1)));
      }
    }
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  for (const testCase of CASES) {
    it(`${testCase.name}: ${testCase.accepted ? 'accepted' : 'refused'} by the admin API, imports and the command line alike`, () => {
      assert.deepEqual(outcomes.get(testCase.name), { admin: testCase.accepted, import: testCase.accepted, cli: testCase.accepted, cliAdd: testCase.accepted });
    });
  }

  it('the selection screen then offers lars exactly what the rules allow, each principal once, and no 500 for a person without a birth date', async () => {
    const rp = await discover(server.url, 'demo-gemeente');
    const request = await authorizationRequest(rp, { scope: `openid urn:uuid:${uuid('bijstand')}` });
    const browser = new Browser();
    const login = await browser.open(request.url, REDIRECT_URI);
    const page = await browser.submit(login, '/login', { username: 'lars', password: PASSWORD }, REDIRECT_URI);
    assert.equal(page.status, 200, page.html.slice(0, 500));
    const labels = radioOptions(page).map((option) => option.label);
    for (const [c, testCase] of CASES.entries()) {
      if (testCase.offered === undefined) continue;
      for (const entry of ENTRY_POINTS) {
        const { name } = principalOf(c, entry);
        const count = labels.filter((label) => label.startsWith(`${name} `) || label === name).length;
        assert.equal(count, testCase.offered ? 1 : 0, `${testCase.name} via ${entry}: ${name} in ${JSON.stringify(labels)}`);
      }
    }
    assert.ok(!labels.some((label) => label.startsWith('Gerrit Mulder')), 'no chain through a company mandate that ended');
  });

  it('jan sees Anna once at bijzondere-bijstand: the identical overlap was refused everywhere', async () => {
    const rp = await discover(server.url, 'demo-gemeente');
    const request = await authorizationRequest(rp, { scope: `openid urn:uuid:${uuid('bijzondere-bijstand')}` });
    const browser = new Browser();
    const page = await browser.submit(await browser.open(request.url, REDIRECT_URI), '/login', { username: 'jan', password: PASSWORD }, REDIRECT_URI);
    assert.equal(radioOptions(page).filter((option) => option.label.startsWith('Anna de Vries')).length, 1);
  });

  it('a chain whose first link is ended on the command line: fatima’s earlier tokens for Gerrit are refused, and Gerrit is no longer offered', async () => {
    const flow = await completeFlow(server.url, {
      username: 'fatima',
      params: { scope: `openid urn:uuid:${uuid('bijzondere-bijstand')}` },
      choose: (options) => options.find((option) => option.label.startsWith('Gerrit Mulder'))!.value,
    });
    assert.equal((flow.idToken.represents as { represents?: { name: string } }).represents?.name, 'Gerrit Mulder');
    const ended = await namens('mandates', 'end', 'company', 'c0000000-0000-4000-8000-000000000001');
    assert.equal(ended.code, 0, ended.stderr);
    await assert.rejects(client.fetchUserInfo(flow.flow.rp, flow.tokens.access_token, flow.idToken.sub!), 'userinfo re-checks the chain');
    const rp = await discover(server.url, 'demo-gemeente');
    const request = await authorizationRequest(rp, { scope: `openid urn:uuid:${uuid('bijzondere-bijstand')}` });
    const browser = new Browser();
    const page = await browser.submit(await browser.open(request.url, REDIRECT_URI), '/login', { username: 'fatima', password: PASSWORD }, REDIRECT_URI);
    assert.ok(!radioOptions(page).some((option) => option.label.startsWith('Gerrit Mulder')), JSON.stringify(radioOptions(page)));
    const shown = await namens('mandates', 'show', 'company', 'c0000000-0000-4000-8000-000000000001');
    assert.ok(JSON.parse(shown.stdout).ended_at, 'the register says it ended');
  });

  describe('/mijn, where a case applies', () => {
    const grant = async (username: string, fields: Record<string, string | string[]>) => {
      const { person } = await logInToMijn(server.url, username);
      const form = await person.open('/mijn/machtigingen/nieuw');
      return person.post(form, '/mijn/machtigingen/nieuw', fields);
    };

    it('a mandate that starts and ends on one day: accepted, as by the admin API and imports', async () => {
      const page = await grant('wim', { bsn: LARS, surname: 'Visser', services: [uuid('bijstand')], valid_from: today(), valid_until: today() });
      assert.equal(page.status, 201, textOf(page, 'valid_until-error') ?? page.html.slice(0, 300));
    });

    it('an overlap in one service: refused, as by the admin API and imports', async () => {
      const page = await grant('truus', { bsn: KEES, surname: 'de Boer', services: [uuid('jaaropgave-bijstand'), uuid('bijstand')], valid_from: today(), valid_until: addYears(today(), 1) });
      assert.equal(page.status, 400);
      assert.ok(textOf(page, 'services-error'), 'the services field says why');
    });

    it('a withdrawn service: refused, as by the admin API and imports', async () => {
      const page = await grant('wim', { bsn: LARS, surname: 'Visser', services: [uuid('schuldhulpverlening')], valid_from: today(), valid_until: addYears(today(), 1) });
      assert.equal(page.status, 400);
      assert.ok(textOf(page, 'services-error'));
    });

    it('a minor who turns 18 today shows as expired to the parent, as the selection screen no longer offers them', async () => {
      const c = CASES.findIndex((testCase) => testCase.name === 'a minor who turns 18 today');
      const { name } = principalOf(c, 'admin');
      const { page } = await logInToMijn(server.url, 'lars');
      const row = new RegExp(`${name}[\\s\\S]*?</tr>`).exec(page.html)?.[0] ?? '';
      assert.match(row, /Verlopen/, `the row of ${name}: ${row.slice(0, 400)}`);
    });
  });
});
