// The command line: `tsx server/cli.ts <command>` (npm run keys:rotate runs `keys rotate`).
import { ConfigError, loadConfig } from './config/config.ts';
import { rotateSigningKeys } from './oidc/signing_keys.ts';
import { isEmpty, migrateLatest, openDatabase } from './persistence/database.ts';
import { createKeyRepository } from './persistence/key_repository.ts';
import { seedDatabase } from '../seeds/seed.ts';

const USAGE = `usage: namens <command>

commands:
  migrate       apply every pending migration
  seed          migrate, then load the development data into an empty database
  keys rotate   add fresh signing keys; the current ones stay published until their tokens have expired
`;

async function run(args: string[]): Promise<number> {
  const command = args.join(' ');
  if (!['migrate', 'seed', 'keys rotate'].includes(command)) {
    process.stderr.write(USAGE);
    return args.length === 1 && ['--help', '-h', 'help'].includes(args[0]!) ? 0 : 2;
  }
  const config = loadConfig();
  const db = openDatabase({ databaseUrl: config.databaseUrl, poolMax: config.databasePoolMax });
  try {
    await migrateLatest(db);
    if (command === 'seed') {
      if (!(await isEmpty(db))) {
        console.error('namens: the database is not empty; seeding skipped');
        return 1;
      }
      await seedDatabase(db, { testUserPassword: config.testUserPassword });
      console.log('seeded the development data');
    } else if (command === 'keys rotate') {
      const kids = await rotateSigningKeys(createKeyRepository(db));
      console.log(`new signing keys: ${kids.join(', ')}; the previous keys stay published for ${config.keyRetentionSeconds} s.`);
      console.log(`running servers publish and sign with them within KEY_REFRESH_SECONDS (${config.keyRefreshSeconds} s).`);
    } else {
      console.log('migrated');
    }
    return 0;
  } finally {
    await db.destroy();
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`namens: ${error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
