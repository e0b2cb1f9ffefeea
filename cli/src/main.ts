// proofwork: a CM's quick-add line, timer and week from a terminal, through the Proofwork API.
// Exit codes: 0 done (a line kept offline counts as done), 1 usage, 2 not signed in or the token
// was revoked, 3 refused by Proofwork, 4 Proofwork cannot be reached, 5 Proofwork failed.
import { randomUUID } from 'node:crypto';
import { openAsBlob } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import {
  addDays,
  formatDuration,
  type IsoWeekday,
  type Locale,
  localDateOf,
  QUICK_ADD_MAX_LENGTH,
  weekStartOf,
} from '@proofwork/core';
import { Command, CommanderError } from 'commander';
import { ApiError, Client, OfflineError } from './client';
import { type Settings, Store } from './config';
import { localeFromEnv, type Translate, translator, warningText } from './messages';

export const EXIT = { ok: 0, usage: 1, auth: 2, refused: 3, offline: 4, server: 5 } as const;

interface Entry {
  id: string;
  categoryId: string;
  brandId: string | null;
  platform: string | null;
  startedAt: string | null;
  durationSeconds: number | null;
  localDate: string;
  running: boolean;
}
interface QuickAddAnswer {
  action: 'logged' | 'timer_started' | 'timer_stopped';
  entry: Entry;
  parsed: {
    warnings: { code: string; message: string }[];
    proposedBrand?: string | null;
    brandCandidates?: string[];
  };
}
interface Named {
  id: string;
  key?: string;
  slug?: string;
  name?: string;
  nameEn?: string;
  nameFr?: string;
}

/** What every command gets: the words, the output and the stored settings. */
class Session {
  readonly t: Translate;
  constructor(
    readonly locale: Locale,
    readonly json: boolean,
    readonly store: Store,
    readonly out: (line: string) => void,
    readonly err: (line: string) => void,
  ) {
    this.t = translator(locale);
  }

  say(text: string, data?: unknown) {
    if (this.json) {
      if (data !== undefined) this.out(JSON.stringify(data, null, 2));
    } else this.out(text);
  }

  async signedIn(): Promise<{ settings: Settings; client: Client }> {
    const settings = await this.store.settings();
    if (!settings) throw new Failure(EXIT.auth, this.t('notLoggedIn'));
    return { settings, client: new Client(settings.url, settings.token) };
  }
}

class Failure extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** An API error or an unreachable server, told in the user's words with its exit code. */
function failureOf(error: unknown, t: Translate): Failure {
  if (error instanceof Failure) return error;
  if (error instanceof OfflineError)
    return new Failure(EXIT.offline, t('offline', { url: error.url, reason: error.reason }));
  if (error instanceof ApiError) {
    if (error.status === 401) return new Failure(EXIT.auth, t('badToken'));
    if (error.status === 403) return new Failure(EXIT.refused, t('forbidden', { message: error.body.message }));
    if (error.status >= 500) return new Failure(EXIT.server, t('serverError', { status: error.status }));
    return new Failure(EXIT.refused, t('refused', { message: error.body.message }));
  }
  throw error;
}

async function catalog(client: Client, orgId: string) {
  const [categories, brands] = await Promise.all([
    client.get<{ items: Named[] }>(`/organizations/${orgId}/categories?includeArchived=true`),
    client.get<{ items: Named[] }>(`/organizations/${orgId}/brands?includeArchived=true`),
  ]);
  return { categories: categories.items, brands: brands.items };
}

function describe(s: Session, entry: Entry, names: Awaited<ReturnType<typeof catalog>>) {
  const category = names.categories.find((c) => c.id === entry.categoryId);
  const brand = names.brands.find((b) => b.id === entry.brandId);
  const details = [brand ? `@${brand.slug}` : null, entry.platform ? `#${entry.platform}` : null].filter(Boolean);
  return {
    category: (s.locale === 'fr' ? category?.nameFr : category?.nameEn) ?? category?.key ?? '?',
    details: details.length > 0 ? ` (${details.join(' ')})` : '',
  };
}

// ─── The offline queue ────────────────────────────────────────────────────────────────────────

/**
 * Sends the lines kept offline, oldest first, each with the Idempotency-Key it was given when it
 * was typed: if a previous send reached Proofwork but its answer was lost, the resend is replayed,
 * not logged twice. Stops at the first line that still cannot be sent.
 */
async function flushQueue(s: Session, client: Client, settings: Settings) {
  const state = await s.store.state();
  let sent = 0;
  while (state.queue.length > 0) {
    const line = state.queue[0]!;
    try {
      await client.post(`/organizations/${settings.organizationId}/quick-add`, { text: line.text }, line.key);
      sent += 1;
    } catch (error) {
      if (error instanceof OfflineError || (error instanceof ApiError && error.status >= 500)) break;
      if (error instanceof ApiError && error.status === 401) throw error;
      // Refused for good (the line itself): drop it, say so.
      s.err(s.t('sync.failed', { text: line.text, message: (error as Error).message }));
    }
    state.queue.shift();
    await s.store.saveState(state);
  }
  return { sent, waiting: state.queue.length };
}

async function queueLine(s: Session, text: string) {
  const state = await s.store.state();
  state.queue.push({ key: randomUUID(), text, queuedAt: new Date().toISOString() });
  await s.store.saveState(state);
  s.say(s.t('queued', { count: state.queue.length }), { queued: true, waiting: state.queue.length });
}

// ─── Commands ─────────────────────────────────────────────────────────────────────────────────

async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: process.stdin.isTTY });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

async function login(s: Session, options: { url?: string; token?: string }) {
  const url = (options.url ?? (await ask(s.t('login.url')))).replace(/\/+$/, '');
  const token = options.token ?? process.env.PROOFWORK_TOKEN ?? (await ask(s.t('login.token')));
  if (!/^https?:\/\/\S+$/.test(url)) throw new Failure(EXIT.usage, `--url: ${url || '""'}`);
  if (!token) throw new Failure(EXIT.usage, '--token');
  const client = new Client(url, token);
  const me = await client.get<{
    user: { name: string };
    memberships: { organizationId: string; name: string; memberId: string }[];
  }>('/me');
  // A token works in the one organization it was made for: find which.
  for (const membership of me.memberships) {
    try {
      await client.get(`/organizations/${membership.organizationId}`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) continue;
      throw error;
    }
    const settings = { url, token, organizationId: membership.organizationId, memberId: membership.memberId };
    const file = await s.store.saveSettings(settings);
    s.say(s.t('login.done', { name: me.user.name, organization: membership.name, file }), {
      url,
      organizationId: membership.organizationId,
      organization: membership.name,
      memberId: membership.memberId,
      name: me.user.name,
    });
    return;
  }
  throw new Failure(EXIT.auth, s.t('login.noOrganization'));
}

async function logLine(s: Session, words: string[], prefix = '') {
  const text = `${prefix}${words.join(' ')}`.trim();
  if (!text || text.length > QUICK_ADD_MAX_LENGTH) throw new Failure(EXIT.usage, 'line');
  const { settings, client } = await s.signedIn();
  const key = randomUUID();
  let answer: QuickAddAnswer;
  try {
    await flushQueue(s, client, settings);
    answer = await client.post<QuickAddAnswer>(`/organizations/${settings.organizationId}/quick-add`, { text }, key);
  } catch (error) {
    if (error instanceof OfflineError) return queueLine(s, text);
    throw error;
  }
  const state = await s.store.state();
  state.lastEntryId = answer.action === 'timer_stopped' ? state.lastEntryId : answer.entry.id;
  await s.store.saveState(state);
  if (s.json) return s.say('', answer);
  const names = await catalog(client, settings.organizationId);
  const { category, details } = describe(s, answer.entry, names);
  const duration = formatDuration(answer.entry.durationSeconds ?? 0, s.locale);
  const line =
    answer.action === 'logged'
      ? s.t('log.logged', { duration, category, details, date: answer.entry.localDate })
      : answer.action === 'timer_started'
        ? s.t('log.timerStarted', { category, details })
        : s.t('log.timerStopped', { duration, category });
  s.say(line);
  const named = { brand: answer.parsed.proposedBrand, candidates: answer.parsed.brandCandidates };
  for (const warning of answer.parsed.warnings) {
    s.say(s.t('warning', { message: warningText(s.locale, warning, named) }));
  }
}

async function stop(s: Session) {
  const { settings, client } = await s.signedIn();
  try {
    const entry = await client.post<Entry>(`/organizations/${settings.organizationId}/timer/stop`, {});
    if (s.json) return s.say('', entry);
    const { category } = describe(s, entry, await catalog(client, settings.organizationId));
    s.say(s.t('log.timerStopped', { duration: formatDuration(entry.durationSeconds ?? 0, s.locale), category }));
  } catch (error) {
    if (error instanceof ApiError && error.body.error === 'no_running_timer') return s.say(s.t('stop.none'), null);
    throw error;
  }
}

async function status(s: Session, now: Date) {
  const { settings, client } = await s.signedIn();
  const { timer } = await client.get<{ timer: Entry | null }>(`/organizations/${settings.organizationId}/timer`);
  const { queue } = await s.store.state();
  if (s.json) return s.say('', { timer, waiting: queue.length });
  if (timer?.startedAt) {
    const { category, details } = describe(s, timer, await catalog(client, settings.organizationId));
    const elapsed = (now.getTime() - Date.parse(timer.startedAt)) / 1000;
    s.say(
      s.t('status.running', {
        duration: formatDuration(elapsed, s.locale),
        category,
        details,
        since: new Date(timer.startedAt).toLocaleTimeString(s.locale),
      }),
    );
  } else s.say(s.t('status.idle'));
  if (queue.length > 0) s.say(s.t('status.queue', { count: queue.length }));
}

async function undo(s: Session) {
  const { settings, client } = await s.signedIn();
  const state = await s.store.state();
  if (!state.lastEntryId) return s.say(s.t('undo.nothing'), null);
  const path = `/organizations/${settings.organizationId}/time-entries/${state.lastEntryId}`;
  const entry = await client.get<Entry>(path);
  await client.delete(path);
  state.lastEntryId = null;
  await s.store.saveState(state);
  if (s.json) return s.say('', { undone: entry });
  const { category } = describe(s, entry, await catalog(client, settings.organizationId));
  s.say(
    s.t('undo.done', {
      duration: formatDuration(entry.durationSeconds ?? 0, s.locale),
      category,
      date: entry.localDate,
    }),
  );
}

/** Pads a table's columns; numbers (times) are right-aligned. */
function table(rows: string[][], rightAligned: number[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (rightAligned.includes(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

interface WeekFigures {
  weekStart: string;
  totalSeconds: number;
  entryCount: number;
  afterHoursSeconds: number;
  weekendSeconds: number;
  contractSeconds: number;
  overtimeSeconds: number;
  days: { localDate: string; seconds: number; entryCount: number }[];
}

async function week(s: Session, options: { week?: string }, now: Date) {
  const { settings, client } = await s.signedIn();
  const org = `/organizations/${settings.organizationId}`;
  const [organization, member] = await Promise.all([
    client.get<{ timeZone: string; weekStart: IsoWeekday }>(org),
    client.get<{ timeZone: string | null }>(`${org}/members/${settings.memberId}`),
  ]);
  const zone = member.timeZone ?? organization.timeZone;
  const from = weekStartOf(options.week ?? localDateOf(now, zone), organization.weekStart);
  const to = addDays(from, 6);
  const query = `from=${from}&to=${to}&memberId=${settings.memberId}`;
  // The week's figures as Proofwork computes them everywhere (after-hours and weekend split per
  // local day, contract, overtime), and the time per category of the same entries.
  const [figures, summary] = await Promise.all([
    client.get<WeekFigures>(`${org}/time-entries/week?weekStart=${from}&memberId=${settings.memberId}`),
    client.get<{ byCategory: { categoryId: string; categoryKey: string; seconds: number; entryCount: number }[] }>(
      `${org}/time-entries/summary?${query}`,
    ),
  ]);
  if (s.json) return s.say('', { ...figures, byCategory: summary.byCategory });
  s.say(s.t('week.title', { weekStart: from }));
  if (figures.entryCount === 0) return s.say(s.t('week.empty'));
  const names = await catalog(client, settings.organizationId);
  const name = (id: string, key: string) => {
    const c = names.categories.find((x) => x.id === id);
    return (s.locale === 'fr' ? c?.nameFr : c?.nameEn) ?? key;
  };
  const time = (seconds: number) => formatDuration(seconds, s.locale);
  const rows = [
    [s.t('week.category'), s.t('week.time'), s.t('week.entries')],
    ...[...summary.byCategory]
      .sort((a, b) => b.seconds - a.seconds)
      .map((c) => [name(c.categoryId, c.categoryKey), time(c.seconds), String(c.entryCount)]),
    [s.t('week.total'), time(figures.totalSeconds), String(figures.entryCount)],
  ];
  s.say(table(rows, [1, 2]));
  s.say(
    table(
      [
        [s.t('week.afterHours'), time(figures.afterHoursSeconds)],
        [s.t('week.weekend'), time(figures.weekendSeconds)],
        [s.t('week.contract'), time(figures.contractSeconds)],
      ],
      [1],
    ),
  );
}

interface ImportAnswer {
  id: string;
  format: string;
  status: 'analyzed' | 'queued' | 'running' | 'done' | 'failed' | string;
  progress: number;
  rowCount: number | null;
  error: string | null;
  report: { imported: number; secondsImported: number; skipped: number; duplicates: number } | null;
  problems?: { row: number; message: string }[];
  totals?: { rows: number; importable: number; seconds: number; firstDate: string | null; lastDate: string | null };
}

const IMPORT_POLL_MS = 1000;

/** Uploads an export from another tracker, shows what it holds, and runs it with the suggested mapping. */
async function importFile(s: Session, file: string, options: { format?: string; timeZone?: string; yes?: boolean }) {
  const { settings, client } = await s.signedIn();
  const base = `/organizations/${settings.organizationId}/imports`;
  const form = new FormData();
  form.append('file', await openAsBlob(file), path.basename(file));
  let answer = await client.upload<ImportAnswer>(base, form);
  if (options.format || options.timeZone) {
    answer = await client.post<ImportAnswer>(`${base}/${answer.id}/preview`, {
      ...(options.format ? { format: options.format } : {}),
      ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    });
  }
  const totals = answer.totals;
  const hours = (seconds: number) => formatDuration(seconds, s.locale);
  if (!s.json && totals) {
    s.say(
      s.t('import.read', {
        file: path.basename(file),
        rows: totals.rows,
        format: answer.format,
        importable: totals.importable,
        hours: hours(totals.seconds),
        from: totals.firstDate ?? '?',
        to: totals.lastDate ?? '?',
      }),
    );
    const problems = answer.problems ?? [];
    if (problems.length > 0) {
      s.say(s.t('import.problems', { count: problems.length }));
      for (const p of problems.slice(0, 5)) s.say(s.t('import.problem', { row: p.row, message: p.message }));
    }
  }
  const go = options.yes || (!s.json && process.stdin.isTTY && /^[yo]/i.test(await ask(s.t('import.confirm'))));
  if (!go) {
    if (s.json) return s.say('', answer);
    return s.say(s.t('import.notRun', { id: answer.id }));
  }
  answer = await client.post<ImportAnswer>(
    `${base}/${answer.id}/run`,
    options.timeZone ? { timeZone: options.timeZone } : {},
  );
  let shown = -1;
  while (answer.status === 'queued' || answer.status === 'running') {
    if (!s.json && answer.progress !== shown) {
      shown = answer.progress;
      s.err(s.t('import.progress', { progress: shown }));
    }
    await new Promise((resolve) => setTimeout(resolve, IMPORT_POLL_MS));
    answer = await client.get<ImportAnswer>(`${base}/${answer.id}`);
  }
  if (answer.status !== 'done' || !answer.report) {
    throw new Failure(EXIT.refused, s.t('import.failed', { error: answer.error ?? answer.status }));
  }
  if (s.json) return s.say('', answer);
  const r = answer.report;
  s.say(
    s.t('import.done', {
      imported: r.imported,
      hours: hours(r.secondsImported),
      skipped: r.skipped,
      duplicates: r.duplicates,
    }),
  );
}

async function sync(s: Session) {
  const { settings, client } = await s.signedIn();
  const result = await flushQueue(s, client, settings);
  s.say(
    [
      s.t('sync.sent', { count: result.sent }),
      ...(result.waiting ? [s.t('sync.waiting', { count: result.waiting })] : []),
    ].join('\n'),
    result,
  );
  if (result.waiting > 0) throw new Failure(EXIT.offline, s.t('offline', { url: settings.url, reason: 'queue' }));
}

// ─── The program ──────────────────────────────────────────────────────────────────────────────

export interface MainOptions {
  env?: NodeJS.ProcessEnv;
  out?: (line: string) => void;
  err?: (line: string) => void;
  now?: () => Date;
}

export async function main(argv: string[], options: MainOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  const out = options.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = options.err ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const locale = localeFromEnv(env);
  const store = new Store(env.PROOFWORK_CONFIG_DIR);
  const program = new Command('proofwork')
    .description(
      locale === 'fr'
        ? 'Enregistrez votre travail de CM depuis un terminal.'
        : 'Log your community-management work from a terminal.',
    )
    .option('--json', 'machine-readable output')
    .exitOverride()
    .configureOutput({ writeOut: (text) => out(text.trimEnd()), writeErr: (text) => err(text.trimEnd()) });
  const session = () => new Session(locale, Boolean(program.opts().json), store, out, err);

  program
    .command('login')
    .description('sign in with an API token (prompts for what is missing)')
    .option('--url <address>', 'the Proofwork address')
    .option('--token <token>', 'an API token (or PROOFWORK_TOKEN)')
    .action((opts) => login(session(), opts));
  program
    .command('logout')
    .description('forget the stored token')
    .action(async () => {
      const s = session();
      await s.store.forget();
      s.say(s.t('logout.done', { file: s.store.settingsFile }), { signedOut: true });
    });
  program
    .command('log')
    .description('log a quick-add line, e.g. proofwork log "montage reel @fournil 1h30 #ig"')
    .argument('<line...>')
    .action((words: string[]) => logLine(session(), words));
  program
    .command('start')
    .description('start the timer, e.g. proofwork start modération @bistro')
    .argument('[line...]')
    .action((words: string[]) => logLine(session(), words, 'start '));
  program
    .command('stop')
    .description('stop the running timer')
    .action(() => stop(session()));
  program
    .command('status')
    .description('the running timer and the lines waiting to be sent')
    .action(() => status(session(), now()));
  program
    .command('week')
    .description("this week's totals per category")
    .option('--week <date>', 'any day of another week (YYYY-MM-DD)')
    .action((opts) => week(session(), opts, now()));
  program
    .command('import')
    .description('import an export of Toggl Track, Clockify, Harvest, a CSV of your own or Proofwork (managers)')
    .argument('<file>')
    .option('--format <format>', 'toggl, clockify, harvest, generic or proofwork (default: detected)')
    .option('--time-zone <zone>', "the export's time zone (default: each member's)")
    .option('--yes', 'run it without asking')
    .action((file: string, opts) => importFile(session(), file, opts));
  program
    .command('undo')
    .description('remove the last entry logged from this terminal')
    .action(() => undo(session()));
  program
    .command('sync')
    .description('send the lines kept while Proofwork could not be reached')
    .action(() => sync(session()));

  try {
    await program.parseAsync(argv);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    const failure = failureOf(error, translator(locale));
    err(failure.message);
    return failure.code;
  }
}
