// The proofwork command, run as a real subprocess against a real server: sign in with a token, log
// lines, the timer, the week, undo, the offline queue (replayed once, never twice), the parser's
// warnings in the terminal's language and the words it prints when the token was revoked.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { schema } from '@proofwork/db';
import { startInProcessPipeline } from '@proofwork/workers';
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam, signInPeople, type Team } from '../api/time-entries.fixtures';
import { testFolders, useTestApp } from '../support/app';
import { runNode } from '../support/child';

const BIN = path.resolve(import.meta.dirname, '../../cli/bin/proofwork.js');
const repoRoot = path.resolve(import.meta.dirname, '../..');
/**
 * The same entry bundled from the current sources (as `npm run cli:build` does): it starts in a
 * fraction of the time tsx needs, so the many runs below use it; the first test runs the bin itself.
 */
const BUNDLE = path.join(repoRoot, 'cli', 'dist', `proofwork-test-${process.pid}.js`);
const ctx = useTestApp();
let t: Team;
let url: string;
let token: string;
let tokenId: string;
let home: string;
let csvFile: string;

/** The CLI as a person runs it: its own config folder, English, nothing else from the environment. */
const run = (args: string[], env: Record<string, string> = {}, script = BUNDLE) =>
  runNode([script, ...args], { PATH: process.env.PATH, PROOFWORK_CONFIG_DIR: home, LANG: 'en_US.UTF-8', ...env });

const cmEntries = () =>
  ctx.tdb.db
    .select()
    .from(schema.timeEntries)
    .where(and(eq(schema.timeEntries.memberId, t.cmId), isNull(schema.timeEntries.deletedAt)));

async function state() {
  return JSON.parse(await readFile(path.join(home, 'state.json'), 'utf8')) as {
    queue: { key: string; text: string }[];
    lastEntryId: string | null;
  };
}

beforeAll(async () => {
  execFileSync(process.execPath, ['workers/build.mjs', 'cli/src/run.ts', BUNDLE], { cwd: repoRoot });
  const people = await signInPeople(ctx.app, ctx.tdb.db);
  t = await createTeam(ctx.tdb.db, people);
  await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  const address = ctx.app.server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const created = await t.cm.post(`${t.base}/tokens`, { name: 'terminal' });
  expect(created.statusCode).toBe(201);
  token = created.json().token;
  tokenId = created.json().id;
  home = await mkdtemp(path.join(tmpdir(), 'proofwork-cli-'));
  const email = people.manager.email;
  csvFile = path.join(home, 'export.csv');
  await writeFile(
    csvFile,
    [
      'User,Email,Client,Project,Description,Start date,Start time,End date,End time,Duration',
      `Manager,${email},Bistrot Léon,Social,Montage reel Instagram,2026-11-16,09:00:00,2026-11-16,10:30:00,01:30:00`,
      `Manager,${email},Acme,Ads,Bilan mensuel,2026-11-17,14:00:00,2026-11-17,14:45:00,00:45:00`,
      '',
    ].join('\n'),
  );
});

afterAll(async () => {
  await rm(BUNDLE, { force: true });
  await rm(`${BUNDLE}.map`, { force: true });
  if (home) await rm(home, { recursive: true, force: true });
});

describe('proofwork', () => {
  it('refuses to work before login, with exit code 2 (the bin, from the TypeScript sources)', async () => {
    const result = await run(['status'], {}, BIN);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Not signed in');
  });

  it('signs in with a token, finds its organization and keeps the settings private (0600)', async () => {
    const result = await run(['login', '--url', url, '--token', token]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Signed in as Cm');
    const settings = JSON.parse(await readFile(path.join(home, 'config.json'), 'utf8'));
    expect(settings).toMatchObject({ url, token, organizationId: t.organizationId, memberId: t.cmId });
    expect((await stat(path.join(home, 'config.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(home)).mode & 0o777).toBe(0o700);
  });

  it('logs a line and says what it logged; --json gives the created entry', async () => {
    const before = (await cmEntries()).length;
    const plain = await run(['log', '45m rédaction légendes #instagram']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^Logged 45m of Copywriting \(#instagram\) on \d{4}-\d{2}-\d{2}\./);
    const json = await run(['--json', 'log', '1h30 montage reel']);
    expect(json.code).toBe(0);
    const answer = JSON.parse(json.stdout);
    expect(answer).toMatchObject({ action: 'logged', entry: { durationSeconds: 5400, source: 'quick_add' } });
    const rows = await cmEntries();
    expect(rows).toHaveLength(before + 2);
    expect(rows.find((r) => r.id === answer.entry.id)?.categoryId).toBe(t.category('content.video'));
  });

  it('starts and stops the timer, and shows it running in between', async () => {
    const started = await run(['start', 'modération @nowhere']);
    expect(started.code).toBe(0);
    expect(started.stdout).toContain('Timer started: Moderation & engagement');
    const running = await run(['status']);
    expect(running.stdout).toMatch(/^Timer running for (?:<1|\d+)m: Moderation & engagement/);
    const stopped = await run(['stop']);
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toContain('Timer stopped');
    expect((await run(['status'])).stdout).toContain('No timer is running.');
    expect((await run(['stop'])).stdout).toContain('No timer is running.');
  });

  it('prints the week as a table with its total', async () => {
    const result = await run(['week']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^Week of \d{4}-\d{2}-\d{2}$/);
    expect(lines.find((l) => l.startsWith('Copywriting'))).toMatch(/Copywriting\s+45m\s+1$/);
    expect(lines.find((l) => l.startsWith('Total'))).toMatch(/^Total\s+2h 15m\s+\d+$/);
    // The week's after-hours and weekend time as Proofwork computes them (the week figures).
    expect(lines.find((l) => l.startsWith('After hours'))).toMatch(/^After hours\s+\S/);
    expect(lines.find((l) => l.startsWith('Contract'))).toMatch(/^Contract\s+35h$/);
    const json = JSON.parse((await run(['--json', 'week'])).stdout);
    const seconds = (key: string) =>
      json.byCategory.find((c: { categoryKey: string }) => c.categoryKey === key)?.seconds ?? 0;
    expect(seconds('content.copywriting')).toBe(45 * 60);
    expect(seconds('content.video')).toBe(5400);
    // The timer ran for the few seconds between two commands (or under one, and was discarded).
    expect(seconds('moderation')).toBeLessThan(120);
    expect(json.totalSeconds).toBe(45 * 60 + 5400 + seconds('moderation'));
    expect(json).toMatchObject({ afterHoursSeconds: expect.any(Number), weekendSeconds: expect.any(Number) });
  });

  it('undoes the last entry logged from this terminal', async () => {
    const logged = JSON.parse((await run(['--json', 'log', '20 min veille concurrents'])).stdout);
    const undone = await run(['undo']);
    expect(undone.code).toBe(0);
    expect(undone.stdout).toMatch(/^Removed: 20m of Social listening & monitoring on /);
    const [row] = await ctx.tdb.db.select().from(schema.timeEntries).where(eq(schema.timeEntries.id, logged.entry.id));
    expect(row?.deletedAt).not.toBeNull();
    expect((await run(['undo'])).stdout).toContain('Nothing to undo');
  });

  it('keeps a line while the server cannot be reached, and sends it once, with the same key', async () => {
    const configFile = path.join(home, 'config.json');
    const settings = JSON.parse(await readFile(configFile, 'utf8'));
    await writeFile(configFile, JSON.stringify({ ...settings, url: 'http://127.0.0.1:9' }));
    const before = (await cmEntries()).length;
    const offline = await run(['log', '30m reporting mensuel']);
    expect(offline.code).toBe(0);
    expect(offline.stdout).toContain('Offline: the line is kept');
    const queued = await state();
    expect(queued.queue).toHaveLength(1);
    expect((await run(['sync'])).code).toBe(4);

    await writeFile(configFile, JSON.stringify(settings));
    const sent = await run(['sync']);
    expect(sent.code).toBe(0);
    expect(sent.stdout).toContain('Sent 1 queued line(s).');
    expect(await cmEntries()).toHaveLength(before + 1);

    // The answer was lost after Proofwork logged it: the line is still queued with its key. Sending
    // it again replays the first answer instead of logging twice.
    await writeFile(path.join(home, 'state.json'), JSON.stringify(queued));
    expect((await run(['sync'])).stdout).toContain('Sent 1 queued line(s).');
    expect(await cmEntries()).toHaveLength(before + 1);
  });

  it("speaks French when the terminal does, the parser's warnings included", async () => {
    const result = await run(['status'], { LANG: 'fr_FR.UTF-8' });
    expect(result.stdout).toContain('Aucun minuteur en cours.');
    const fr = await run(['log', '20m truc @inconnue'], { LANG: 'fr_FR.UTF-8' });
    expect(fr.code, fr.stderr).toBe(0);
    const notes = fr.stdout.split('\n').filter((l) => l.startsWith('À noter'));
    expect(notes.sort()).toEqual([
      'À noter : Aucune catégorie reconnue ; la catégorie par défaut a été utilisée.',
      'À noter : Marque inconnue « @inconnue » : elle a été gardée telle quelle dans la note.',
    ]);
    // English names the word too, which the server's message does not.
    const en = await run(['log', '10m truc @inconnue']);
    expect(en.stdout).toContain('Note: Unknown brand "@inconnue": it was kept in the note as typed.');
  });

  it('prints a warning it has no words for as the server wrote it', async () => {
    // A newer server: a warning code this version does not know, and one without the word it names.
    const answer = {
      action: 'logged',
      entry: { id: 'e1', categoryId: 'c1', brandId: null, platform: null, startedAt: null, durationSeconds: 1200 },
      parsed: {
        warnings: [
          { code: 'reposted_content', message: 'This looks like a repost; check the author.' },
          { code: 'unknown_brand', message: 'Unknown brand; it was kept in the note.' },
          { code: 'two_dates', message: 'Several dates found; the first one was used.' },
        ],
      },
    };
    const server = createServer((req, res) => {
      res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          req.method === 'POST' ? { ...answer, entry: { ...answer.entry, localDate: '2026-11-20' } } : { items: [] },
        ),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const newerHome = await mkdtemp(path.join(tmpdir(), 'proofwork-cli-newer-'));
    try {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const settings = { url: `http://127.0.0.1:${port}`, token: 'pw_newer', organizationId: 'o1', memberId: 'm1' };
      await writeFile(path.join(newerHome, 'config.json'), JSON.stringify(settings));
      const result = await run(['log', '20m visuels'], { LANG: 'fr_FR.UTF-8', PROOFWORK_CONFIG_DIR: newerHome });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout.split('\n').filter((l) => l.startsWith('À noter'))).toEqual([
        'À noter : This looks like a repost; check the author.',
        'À noter : Unknown brand; it was kept in the note.',
        'À noter : Plusieurs dates trouvées ; la première a été retenue.',
      ]);
    } finally {
      server.close();
      await rm(newerHome, { recursive: true, force: true });
    }
  });

  it('imports an export for a manager, and refuses a member', async () => {
    const refused = await run(['import', csvFile]);
    expect(refused.code).toBe(3);

    const managerHome = await mkdtemp(path.join(tmpdir(), 'proofwork-cli-manager-'));
    const managerToken = await t.manager.post(`${t.base}/tokens`, {
      name: 'imports',
      scopes: ['read', 'entries:write', 'manage'],
    });
    expect(managerToken.statusCode).toBe(201);
    const as = { PROOFWORK_CONFIG_DIR: managerHome };
    expect((await run(['login', '--url', url, '--token', managerToken.json().token], as)).code).toBe(0);
    const pipeline = await startInProcessPipeline({ db: ctx.tdb.db, pollMs: 50, folders: testFolders() });
    try {
      const result = await run(['import', csvFile, '--yes'], as);
      expect(result.stderr).not.toMatch(/refused|failed/i);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(
        'Read export.csv: 2 rows (toggl), 2 to import (2h 15m, 2026-11-16 – 2026-11-17).',
      );
      expect(result.stdout).toContain('Imported 2 entries (2h 15m); 0 row(s) skipped, of which 0 already imported.');
      // The same file again adds nothing.
      const again = await run(['import', csvFile, '--yes'], as);
      expect(again.stdout, again.stdout + again.stderr).toContain(
        'Imported 0 entries (0m); 2 row(s) skipped, of which 2 already imported.',
      );
    } finally {
      await pipeline.stop();
      await rm(managerHome, { recursive: true, force: true });
    }
    const imported = await ctx.tdb.db
      .select()
      .from(schema.timeEntries)
      .where(and(eq(schema.timeEntries.memberId, t.managerId), eq(schema.timeEntries.source, 'import')));
    expect(imported.map((e) => e.durationSeconds).sort()).toEqual([2700, 5400]);
  });

  it('says the token was revoked, with exit code 2', async () => {
    expect((await t.cm.delete(`${t.base}/tokens/${tokenId}`)).statusCode).toBe(204);
    const result = await run(['status']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('The token was revoked or is wrong');
    const fr = await run(['week'], { LANG: 'fr_FR.UTF-8' });
    expect(fr.stderr).toContain('Le jeton a été révoqué ou est erroné');
  });
});
