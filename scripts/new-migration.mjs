// Creates a migration for both providers from the change to prisma/schema.prisma.
// Usage: npm run db:migration -- <name>
// It regenerates prisma/postgres/schema.prisma from the SQLite schema, then diffs each schema
// against the snapshot taken at the previous migration (`--from-schema-datamodel`), so no shadow
// database is needed. Exit 0 with "no changes" when the schema did not change.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run db:migration -- <snake_case_name>');
  process.exit(2);
}

const sqliteSchema = 'prisma/schema.prisma';
const postgresSchema = 'prisma/postgres/schema.prisma';
mkdirSync('prisma/postgres', { recursive: true });
// prisma.config.ts opens ./data/cli.db when DATABASE_URL is not a file: URL; a fresh clone has no ./data.
mkdirSync('data', { recursive: true });
writeFileSync(
  postgresSchema,
  readFileSync(sqliteSchema, 'utf8')
    .replace(
      "// The ledger's schema (SQLite",
      "// GENERATED from prisma/schema.prisma by scripts/new-migration.mjs: do not edit.\n// The ledger's schema (PostgreSQL copy of the SQLite",
    )
    .replace('output       = "../ledger/generated/sqlite"', 'output       = "../../ledger/generated/postgres"')
    .replace(
      'provider = "sqlite"\n  url      = "file:./ignored.db"',
      'provider = "postgresql"\n  url      = "postgresql://ignored@localhost/ignored"',
    ),
);

const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
let created = 0;
for (const [provider, schema, dir] of [
  ['sqlite', sqliteSchema, 'prisma/migrations'],
  ['postgresql', postgresSchema, 'prisma/postgres/migrations'],
]) {
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, 'migration_lock.toml');
  if (!existsSync(lock)) writeFileSync(lock, `provider = "${provider}"\n`);
  const snapshot = join(dir, 'schema.snapshot.prisma');
  const from = existsSync(snapshot) ? ['--from-schema-datamodel', snapshot] : ['--from-empty'];
  const diff = spawnSync('npx', ['prisma', 'migrate', 'diff', ...from, '--to-schema-datamodel', schema, '--script', '--exit-code'], {
    encoding: 'utf8',
  });
  if (diff.status === 0) continue;
  if (diff.status !== 2) {
    console.error(diff.stderr || diff.stdout);
    process.exit(1);
  }
  const folder = join(dir, `${stamp}_${name}`);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'migration.sql'), diff.stdout);
  copyFileSync(schema, snapshot);
  created += 1;
  console.log(`wrote ${folder}/migration.sql`);
}
if (created === 0) console.log('no changes');
execFileSync('npm', ['run', '--silent', 'db:generate'], { stdio: 'inherit' });
