// P8. The time budget of quick-add: in core, the slowest of a fixed set of hostile 5,000-character
// lines against the median corpus line; over HTTP, the hostile line's latency and health's latency
// while four of them run, against a normal line and an idle health check. The server runs in a
// process of its own, so the client's timers never wait on the server's event loop.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import {
  adversarialLines,
  corpusContext,
  digitsAndSpacesLine,
  parseQuickAdd,
  QUICK_ADD_CORPUS,
  type QuickAddContext,
} from '@proofwork/core';
import { createBenchDatabase, log, type Summary, summary } from './support';

export interface BudgetOptions {
  /** Parses of each line; the fastest counts (the machine's pauses hit single runs). */
  rounds: number;
  /** Sequential requests per kind of line. */
  requests: number;
  /** Rounds of four hostile requests with one health check sent among them. */
  healthRounds: number;
}

export interface CoreBudget {
  /** `cpuMs`: the process's CPU time for that parse, which a busy machine inflates less than `ms`. */
  worst: { name: string; locale: string; ms: number; cpuMs: number };
  medianNormalMs: number;
  lines: { name: string; en: number; fr: number }[];
}

export interface ApiBudget {
  adversarial: Summary;
  normal: Summary;
  healthUnderLoad: Summary;
  healthIdle: Summary;
  /** Status codes of the hostile requests (all 200 unless the server shed load). */
  statuses: Record<string, number>;
}

function fastestMs(text: string, ctx: QuickAddContext, rounds: number): number {
  return fastest(text, ctx, rounds).ms;
}

function fastest(text: string, ctx: QuickAddContext, rounds: number): { ms: number; cpuMs: number } {
  let ms = Number.POSITIVE_INFINITY;
  let cpuMs = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    parseQuickAdd(text, ctx);
    ms = Math.min(ms, performance.now() - started);
    const used = process.cpuUsage(cpu);
    cpuMs = Math.min(cpuMs, (used.user + used.system) / 1000);
  }
  return { ms, cpuMs };
}

const median = (values: readonly number[]) => summary(values).p50;

export function benchCoreBudget(options: BudgetOptions): CoreBudget {
  const contexts = { en: corpusContext('en'), fr: corpusContext('fr') };
  // The date library compiles its patterns on first use: a server pays that once, not per line.
  for (const ctx of Object.values(contexts)) parseQuickAdd('montage 20 nov, il y a 3 jours, 3 days ago 1h', ctx);
  const normal = QUICK_ADD_CORPUS.map((l) => fastestMs(l.text, contexts[l.locale], options.rounds));
  const lines = adversarialLines().map((l) => ({
    name: l.name,
    en: fastestMs(l.text, contexts.en, options.rounds),
    fr: fastestMs(l.text, contexts.fr, options.rounds),
  }));
  let worst = { name: '', locale: 'fr' as 'en' | 'fr', ms: -1 };
  for (const l of lines) {
    for (const locale of ['en', 'fr'] as const) {
      if (l[locale] > worst.ms) worst = { name: l.name, locale, ms: l[locale] };
    }
  }
  const text = adversarialLines().find((l) => l.name === worst.name)?.text ?? '';
  const { cpuMs } = fastest(text, contexts[worst.locale], options.rounds);
  return { worst: { ...worst, cpuMs }, medianNormalMs: median(normal), lines };
}

async function timedFetch(url: string, init?: RequestInit): Promise<{ ms: number; status: number }> {
  const started = performance.now();
  const res = await fetch(url, init);
  await res.arrayBuffer();
  return { ms: performance.now() - started, status: res.status };
}

export async function benchApiBudget(options: BudgetOptions): Promise<ApiBudget> {
  const bdb = await createBenchDatabase({ max: 4 });
  let child: ChildProcess | null = null;
  try {
    child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'ingest-server.ts')], {
      env: { ...process.env, BENCH_INGEST_DATABASE_URL: bdb.url },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const first = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child!.stdout! }).once('line', resolve);
      child!.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
    });
    const base = `http://127.0.0.1:${(JSON.parse(first) as { app: number }).app}`;
    const json = { origin: base, 'content-type': 'application/json' };
    const signUp = await fetch(`${base}/api/auth/sign-up/email`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ name: 'Bench CM', email: 'cm@bench.example', password: 'bench-password-1' }),
    });
    if (!signUp.ok) throw new Error(`sign-up failed: ${signUp.status} ${await signUp.text()}`);
    const cookie = signUp.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .filter((c) => c.startsWith('proofwork.session_token='))
      .join('; ');
    const created = await fetch(`${base}/api/v1/organizations`, {
      method: 'POST',
      headers: { ...json, cookie },
      body: JSON.stringify({ name: 'Bench quick-add', timeZone: 'Europe/Paris' }),
    });
    if (created.status !== 201) throw new Error(`organization: ${created.status} ${await created.text()}`);
    const { organization } = (await created.json()) as { organization: { id: string } };
    const parseUrl = `${base}/api/v1/organizations/${organization.id}/quick-add/parse`;
    const health = `${base}/api/v1/health`;
    const hostile = digitsAndSpacesLine();
    const normalLine = 'montage reel @fournil 1h30 #ig hier';
    const parse = (text: string, i: number) =>
      timedFetch(parseUrl, {
        method: 'POST',
        headers: { ...json, cookie },
        body: JSON.stringify({ text, locale: i % 2 ? 'en' : 'fr' }),
      });

    // Warm-up: the first line compiles the date library's patterns.
    for (let i = 0; i < 4; i++) {
      await parse(normalLine, i);
      await parse(hostile, i);
      await timedFetch(health);
    }
    const statuses: Record<string, number> = {};
    const count = (status: number) => {
      statuses[status] = (statuses[status] ?? 0) + 1;
    };
    log(`   P8 ${options.requests} hostile and ${options.requests} normal lines, one after the other`);
    const adversarial: number[] = [];
    const normal: number[] = [];
    for (let i = 0; i < options.requests; i++) {
      const a = await parse(hostile, i);
      count(a.status);
      adversarial.push(a.ms);
      normal.push((await parse(normalLine, i)).ms);
    }
    log(`   P8 health, idle and among four hostile lines, ${options.healthRounds} rounds`);
    const healthIdle: number[] = [];
    const healthUnderLoad: number[] = [];
    for (let round = 0; round < options.healthRounds; round++) {
      healthIdle.push((await timedFetch(health)).ms);
      const running = [0, 1, 2, 3].map((i) => parse(hostile, i));
      healthUnderLoad.push((await timedFetch(health)).ms);
      for (const r of await Promise.all(running)) count(r.status);
    }
    return {
      adversarial: summary(adversarial),
      normal: summary(normal),
      healthUnderLoad: summary(healthUnderLoad),
      healthIdle: summary(healthIdle),
      statuses,
    };
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await bdb.drop();
  }
}
