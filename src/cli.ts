import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { recordAudit } from './core/audit.ts';
import { OFFICE_ROLES } from './core/auth/actor.ts';
import { createPasswordHasher } from './core/auth/password.ts';
import { loadConfig, type Config } from './core/config.ts';
import { appliedMigrations, backupDatabase, BackupError, restoreDatabase, type TableCount } from './core/db/backup.ts';
import type { Db, Queryable } from './core/db/db.ts';
import { listMigrations, migrate } from './core/db/migrate.ts';
import { openConfiguredDb } from './core/deps.ts';
import { email, isoDate, issueMessage, password } from './core/http/forms.ts';
import './app.ts'; // the feature list installs the UI strings (issues are reported in English)
import { isMessageKey } from './core/i18n/messages.ts';
import { findUserByEmail, makeNationalAdmin } from './features/accounts/repo.ts';
import { checkBirthDate, insertAccount } from './features/accounts/service.ts';
import { addMember } from './features/admin/repo.ts';
import { findOffice } from './features/offices/repo.ts';
import { DEMO_PASSWORD, seedDemoIfEmpty } from './seed/demo.ts';

/**
 * The admin command line: `npm run kzm -- <command>`. Exit codes: 0 done, 1 failed
 * (the message says why), 2 the command line itself was wrong.
 */

const USAGE = `Usage: npm run kzm -- <command> [options]

Commands:
  migrate          Apply the pending database migrations.
  seed             Load the demo offices and accounts (only into a database without offices).
  create-user      Create a confirmed account, or give an existing one a role or national-admin rights:
                     --email E          e-mail address (required)
                     --name N           display name        } required for a new account,
                     --password P       at least 10 chars   } ignored for an existing one
                     --password-stdin   read the password from standard input instead (the first
                                        line; keeps it out of the shell history and \`ps\`)
                     --birth YYYY-MM-DD birth date of a new account (default 1970-01-01)
                     --role R --office SLUG
                                        grant role R in that office; R is one of
                                        ${OFFICE_ROLES.join(', ')}
                     --national-admin   make the account a national administrator
  backup <file>    Write a logical backup of all data (gzip'ed JSON lines, e.g. kzm.jsonl.gz).
  restore <file>   Load a backup into an EMPTY database, migrating it to the backup's schema first.
                   Works across PGlite and PostgreSQL in either direction. Restore before the app
                   first starts on the database (it would load the demo data), or set SEED_DEMO=0.
  help             Show this text.

The database is the app's: DATABASE_URL (PostgreSQL) if set, else PGlite in DATA_DIR (default ./data).
A PGlite data directory can be open in one process only: stop the app first.
Exit codes: 0 success, 1 failure, 2 usage error.`;

/** A failure whose message is the whole story (no stack trace). */
class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

const usageError = (message: string) => new CliError(`${message}\n\n${USAGE}`, 2);

/** parseArgs for one command; its complaints (unknown option, missing value) are usage errors. */
function parse(
  args: string[],
  options: NonNullable<ParseArgsConfig['options']>,
  positionals: readonly string[],
): { values: Record<string, unknown>; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: positionals.length > 0, strict: true });
  } catch (err) {
    throw usageError((err as Error).message);
  }
  if (parsed.positionals.length !== positionals.length) {
    throw usageError(positionals.length ? `Expected exactly one ${positionals.map((p) => `<${p}>`).join(' ')}.` : 'Unexpected arguments.');
  }
  return parsed;
}

async function withDb<T>(config: Config, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openConfiguredDb(config, { inProcess: true });
  try {
    return await fn(db);
  } finally {
    // PGlite keeps the process alive (and its data dir locked) until closed.
    await db.close();
  }
}

const where = (config: Config) => (config.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.DATA_DIR}`);

/** seed and create-user need the schema the code expects. */
async function requireMigrated(db: Queryable): Promise<void> {
  const applied = new Set(await appliedMigrations(db));
  const pending = (await listMigrations()).filter((m) => !applied.has(m.name));
  if (pending.length) throw new CliError(`The database has ${pending.length} pending migration(s); run \`npm run kzm -- migrate\` first.`);
}

function printCounts(tables: readonly TableCount[], rows: number): void {
  const width = Math.max(5, ...tables.map((t) => t.name.length));
  for (const t of tables) console.log(`  ${t.name.padEnd(width)}  ${String(t.rows).padStart(8)}`);
  console.log(`  ${'total'.padEnd(width)}  ${String(rows).padStart(8)}  (${tables.length} tables)`);
}

// ── Commands ────────────────────────────────────────────────────────────────

async function cmdMigrate(config: Config, args: string[]): Promise<void> {
  parse(args, {}, []);
  await withDb(config, async (db) => {
    const applied = await migrate(db);
    if (applied.length === 0) console.log(`No pending migrations (${where(config)}).`);
    else console.log(`Applied ${applied.length} migration(s) to ${where(config)}:\n${applied.map((m) => `  ${m}`).join('\n')}`);
  });
}

async function cmdSeed(config: Config, args: string[]): Promise<void> {
  parse(args, {}, []);
  await withDb(config, async (db) => {
    await requireMigrated(db);
    if (!(await seedDemoIfEmpty(db, config))) {
      throw new CliError('The database already has offices; the demo data goes only into an empty one. Nothing changed.');
    }
    const [n] = await db.query<{ offices: number; users: number }>(
      'SELECT (SELECT count(*) FROM offices)::int AS offices, (SELECT count(*) FROM users)::int AS users',
    );
    console.log(`Demo data loaded into ${where(config)}: ${n?.offices} offices, ${n?.users} accounts (password: ${DEMO_PASSWORD}).`);
  });
}

/** zod messages are message keys (shown in English here) or, for the CLI's own rules, plain text. */
const createUserSchema = z
  .object({
    email,
    name: z.string().trim().min(1, 'err.required').max(120, 'err.tooLong').optional(),
    password: password.optional(),
    birth: isoDate
      .superRefine((birth, ctx) => {
        const problem = checkBirthDate(birth, new Date());
        if (problem === 'under15')
          ctx.addIssue({ code: 'custom', message: 'is under 15: such accounts need a parent’s consent and cannot be made here' });
        else if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
    role: z.enum(OFFICE_ROLES, { message: `must be one of ${OFFICE_ROLES.join(', ')}` }).optional(),
    office: z.string().trim().min(1, 'err.required').optional(),
    'national-admin': z.boolean().default(false),
  })
  .superRefine((v, ctx) => {
    if (v.role && !v.office) ctx.addIssue({ code: 'custom', path: ['office'], message: 'is required with --role' });
    if (v.office && !v.role) ctx.addIssue({ code: 'custom', path: ['role'], message: 'is required with --office' });
  });

/** The first line of standard input (a password piped in or redirected from a file), without its line break. */
async function readPasswordFromStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password (then Enter; it is shown as typed, prefer a pipe): ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (process.stdin.isTTY && chunk.includes(10)) break;
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const line = text.split(/\r?\n/, 1)[0] ?? '';
  if (!line)
    throw new CliError(
      '--password-stdin: standard input was empty; pipe the password in, e.g. `printf %s "$PW" | npm run kzm -- create-user … --password-stdin`.',
    );
  return line;
}

async function cmdCreateUser(config: Config, args: string[]): Promise<void> {
  const { values } = parse(
    args,
    {
      email: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      birth: { type: 'string' },
      role: { type: 'string' },
      office: { type: 'string' },
      'national-admin': { type: 'boolean' },
      'password-stdin': { type: 'boolean' },
    },
    [],
  );
  if (values['password-stdin']) {
    if (values.password !== undefined) throw usageError('Give --password or --password-stdin, not both.');
    values.password = await readPasswordFromStdin();
  }
  delete values['password-stdin'];
  const parsed = createUserSchema.safeParse(values);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const text = isMessageKey(i.message) ? issueMessage('en', i) : i.message;
      return `  --${i.path.join('.')}: ${text}`;
    });
    throw new CliError(`Invalid arguments for create-user:\n${lines.join('\n')}`);
  }
  const input = parsed.data;

  await withDb(config, async (db) => {
    await requireMigrated(db);
    const existing = await findUserByEmail(db, input.email);
    if (!existing && (!input.name || !input.password)) {
      throw new CliError(`No account has the address ${input.email}; a new one needs --name and --password.`);
    }
    // Hash before the transaction: argon2 takes a while and must not hold locks.
    const hash = !existing && input.password ? await createPasswordHasher(config.ARGON2_MEMORY_KIB).hash(input.password) : '';

    const report = await db.transaction(async (tx) => {
      const done: string[] = [];
      const user = await findUserByEmail(tx, input.email);
      let userId = user?.id;
      if (!userId) {
        userId = await insertAccount(tx, {
          email: input.email,
          passwordHash: hash,
          displayName: input.name!,
          birthDate: input.birth ?? '1970-01-01',
          locale: 'lat',
          confirmed: true,
          nationalAdmin: input['national-admin'],
        });
        done.push(`created the confirmed account ${input.email}${input['national-admin'] ? ' (national administrator)' : ''}`);
      } else {
        if (input.name || input.password || input.birth)
          done.push('left the name, password and birth date of the existing account unchanged');
        if (input['national-admin'] && !user!.is_national_admin) {
          await makeNationalAdmin(tx, userId);
          done.push('made it a national administrator');
        }
      }
      if (input.role && input.office) {
        const office = await findOffice(tx, input.office);
        if (!office) throw new CliError(`No office has the slug "${input.office}". Nothing changed.`);
        const added = await addMember(tx, office.id, userId, input.role, null);
        // Same audit trail as a grant in the admin pages; no actor: it came from the server's shell.
        if (added)
          await recordAudit(tx, {
            officeId: office.id,
            actorId: null,
            action: 'member.grant',
            target: userId,
            data: { role: input.role, via: 'cli' },
          });
        done.push(added ? `granted ${input.role} in ${office.slug}` : `already had ${input.role} in ${office.slug}`);
      }
      if (user && done.length === 0) done.push('nothing to change (give --role/--office or --national-admin)');
      return done;
    });
    console.log(`${input.email}: ${report.join('; ')}.`);
  });
}

async function cmdBackup(config: Config, args: string[]): Promise<void> {
  const { positionals } = parse(args, {}, ['file']);
  const file = positionals[0]!;
  const started = Date.now();
  await withDb(config, async (db) => {
    const s = await backupDatabase(db, file);
    console.log(
      `Backed up ${where(config)} to ${file} (${s.migrations.length} migrations, ${((Date.now() - started) / 1000).toFixed(1)} s):`,
    );
    printCounts(s.tables, s.rows);
  });
}

async function cmdRestore(config: Config, args: string[]): Promise<void> {
  const { positionals } = parse(args, {}, ['file']);
  const file = positionals[0]!;
  const started = Date.now();
  await withDb(config, async (db) => {
    const s = await restoreDatabase(db, file);
    console.log(
      `Restored ${file} (made ${s.header.created_at} from ${s.header.source.kind}) into ${where(config)}` +
        ` in ${((Date.now() - started) / 1000).toFixed(1)} s:`,
    );
    if (s.migrated.length) console.log(`  migrations applied first: ${s.migrated.join(', ')}`);
    printCounts(s.tables, s.rows);
    if (s.pending.length) console.log(`This KZM has ${s.pending.length} newer migration(s): run \`npm run kzm -- migrate\` next.`);
  });
}

const COMMANDS: Record<string, (config: Config, args: string[]) => Promise<void>> = {
  migrate: cmdMigrate,
  seed: cmdSeed,
  'create-user': cmdCreateUser,
  backup: cmdBackup,
  restore: cmdRestore,
};

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return 0;
  }
  const run = command === undefined ? undefined : COMMANDS[command];
  try {
    if (!run) throw usageError(command === undefined ? 'No command given.' : `Unknown command: ${command}`);
    await run(loadConfig(), args);
    return 0;
  } catch (err) {
    if (err instanceof CliError) {
      console.error(err.message);
      return err.exitCode;
    }
    // Expected refusals (BackupError, bad config) read well alone; anything else keeps its stack.
    const known = err instanceof BackupError || (err instanceof Error && err.message.startsWith('Invalid configuration'));
    console.error(known ? (err as Error).message : err);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
