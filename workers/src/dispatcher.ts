// The dispatcher turns dirty marks into work: it claims marks in batches (FOR UPDATE SKIP LOCKED,
// so any number of dispatchers can run), hands them to a sink (enqueue to BullMQ, or process in
// place) and gives back the ones the sink could not take. Woken by NOTIFY from the outbox, it also
// polls, so a lost notification or a restarted Redis costs latency, never data.
import {
  claimDirtyMarks,
  type Database,
  DIRTY_MEMBER_WEEKS_CHANNEL,
  type DirtyMark,
  type MemberWeek,
  releaseDirtyMarks,
} from '@proofwork/db';
import type { Log } from './log';

/** Takes claimed marks; returns those to hand back for a later pass. */
export type DispatchSink = (marks: DirtyMark[]) => Promise<MemberWeek[]>;

/** Most member-weeks (of one organization) a recompute takes by default, in either runner. */
export const RECOMPUTE_BATCH = 25;

/**
 * Claimed marks as batches of one organization's member-weeks, what one recompute (a
 * `rollup.member-weeks` job, or an in-process lane's turn) takes: no bigger than needed to keep
 * every lane busy, at most `most`. Both runners split their claims this way.
 */
export function memberWeekBatches(marks: DirtyMark[], lanes: number, most = RECOMPUTE_BATCH): DirtyMark[][] {
  const size = Math.max(1, Math.min(most, Math.ceil(marks.length / Math.max(1, lanes))));
  const byOrganization = new Map<string, DirtyMark[]>();
  for (const mark of marks) {
    const list = byOrganization.get(mark.organizationId) ?? [];
    list.push(mark);
    byOrganization.set(mark.organizationId, list);
  }
  const batches: DirtyMark[][] = [];
  for (const list of byOrganization.values()) {
    for (let i = 0; i < list.length; i += size) batches.push(list.slice(i, i + size));
  }
  return batches;
}

export interface DispatcherOptions {
  db: Database;
  sink: DispatchSink;
  log: Log;
  batchSize?: number;
  /** How long an enqueued mark may stay before it is dispatched again (its job may be lost). */
  lostAfterSeconds?: number;
  /** Poll interval when no notification arrives. */
  pollMs?: number;
  /** Longest pause after failed passes (they back off exponentially up to this). */
  maxBackoffMs?: number;
  /**
   * After a wake-up, how long to let more notifications arrive before claiming: under a stream
   * of writes, one pass then takes a batch instead of one claim transaction per write.
   */
  coalesceMs?: number;
  /**
   * Called when passes succeed again after failing (the database or the queue is back), after
   * the dispatcher has swept the marks claimed before: the runner's own catch-up goes here.
   */
  onRecovered?: () => Promise<void>;
  /**
   * Least time between two passes that found marks. A sink that returns at once (enqueueing
   * jobs) would otherwise claim the marks of a stream of writes one or two at a time: waiting a
   * little lets a pass take them in batches.
   */
  minPassIntervalMs?: number;
  /**
   * True while the sink's consumers already have work waiting (jobs that no worker has taken
   * yet): the pass then claims nothing and looks again after `minPassIntervalMs`. The marks stay
   * in the table meanwhile, where further writes to a member-week only bump its version, and the
   * next claim takes them in bigger batches, instead of queueing jobs that overlap the waiting
   * ones (each recomputing a member-week that an earlier job will recompute anyway).
   */
  backlogged?: () => Promise<boolean>;
}

export interface Dispatcher {
  start(): Promise<void>;
  /** Asks for a pass as soon as the current one ends. */
  wake(): void;
  /**
   * Something the passes depend on is back (a LISTEN connection re-established, Redis ready):
   * ends a back-off pause now and sweeps, instead of waiting out the back-off and the lost-job
   * delay.
   */
  reconnected(): void;
  /**
   * A consumer took a job (see `backlogged`): ends the pause of a backlogged pass now, so the
   * marks that piled up meanwhile are claimed as soon as there is room for them.
   */
  tookWork(): void;
  stop(): Promise<void>;
}

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { db, sink, log } = options;
  const batchSize = options.batchSize ?? 200;
  const lostAfterSeconds = options.lostAfterSeconds ?? 60;
  const pollMs = options.pollMs ?? 250;
  const maxBackoffMs = options.maxBackoffMs ?? 2000;
  const coalesceMs = options.coalesceMs ?? 20;

  let running = false;
  let loop: Promise<void> | null = null;
  let unlisten: (() => Promise<void>) | null = null;
  let listenRetry: NodeJS.Timeout | null = null;
  let woken = false;
  let wakeUp: (() => void) | null = null;
  let interrupt: (() => void) | null = null;
  /** Ends the pause of a backlogged pass (set only during one). */
  let roomMade: (() => void) | null = null;
  /** Set while marks claimed before this instant are to be taken again (see sweep below). */
  let sweepFrom: number | null = null;

  function wake() {
    woken = true;
    wakeUp?.();
  }

  /**
   * Waits `ms`; resolves true when woken. A back-off pause is not wakeable: while Redis is away
   * every write still NOTIFYs, and a wake-up per write would turn the back-off into a busy loop
   * of failing passes. Only stop() and reconnected() end it early.
   */
  function pause(ms: number, wakeable: boolean): Promise<boolean> {
    if (!running) return Promise.resolve(false);
    if (wakeable && woken) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(false), ms);
      let done = (byWake: boolean) => {
        done = () => {};
        clearTimeout(timer);
        wakeUp = null;
        interrupt = null;
        resolve(byWake);
      };
      wakeUp = wakeable ? () => done(true) : null;
      interrupt = () => done(false);
    });
  }

  /** Starts a sweep: the next passes also take marks already claimed before now. */
  function sweep() {
    sweepFrom ??= Date.now();
  }

  /**
   * Claims one batch and feeds the sink; returns [claimed, handed back]. During a sweep it also
   * takes marks claimed before the sweep began (their job may have failed or been lost while the
   * database or Redis was away) rather than waiting `lostAfterSeconds` for them; marks it claims
   * itself are newer than that, so the sweep ends once a pass comes back short.
   */
  async function pass(): Promise<[number, number] | 'backlogged'> {
    if (options.backlogged && (await options.backlogged())) return 'backlogged';
    woken = false;
    const sweeping = sweepFrom !== null;
    const lostAfter = sweeping ? Math.max(0, (Date.now() - sweepFrom!) / 1000) : lostAfterSeconds;
    const marks = await claimDirtyMarks(db, { limit: batchSize, lostAfterSeconds: lostAfter });
    if (sweeping && marks.length < batchSize) sweepFrom = null;
    if (marks.length === 0) return [0, 0];
    let handBack: MemberWeek[];
    try {
      handBack = await sink(marks);
    } catch (error) {
      // Nothing is lost either way, but handing the marks back now avoids waiting lostAfterSeconds.
      await releaseDirtyMarks(db, marks).catch(() => {});
      throw error;
    }
    await releaseDirtyMarks(db, handBack);
    return [marks.length, handBack.length];
  }

  async function run() {
    let failures = 0;
    let failingSince = 0;
    while (running) {
      try {
        const outcome = await pass();
        if (outcome === 'backlogged') {
          // Not a failure (nothing to catch up on), nor an idle pass: look again when a consumer
          // takes a job, or shortly (the consumer may be another process). Not on a wake-up:
          // every write sends one, and each would cost a look at the backlog for nothing.
          const waiting = pause(options.minPassIntervalMs || pollMs, false);
          roomMade = interrupt;
          await waiting;
          roomMade = null;
          continue;
        }
        const [claimed, handedBack] = outcome;
        if (failures > 0) {
          log.info({ failures, outageMs: Date.now() - failingSince }, 'dispatch passes succeed again; catching up');
          failures = 0;
          sweep();
          await options.onRecovered?.().catch((error: unknown) => log.warn({ err: error }, 'catch-up failed'));
          continue;
        }
        // Progress made: look again at once (more marks, or writes that came in meanwhile).
        if (claimed > handedBack || sweepFrom !== null) {
          const interval = options.minPassIntervalMs ?? 0;
          if (interval > 0 && claimed < batchSize) await pause(interval, false);
          continue;
        }
        if ((await pause(pollMs, true)) && running) await new Promise((resolve) => setTimeout(resolve, coalesceMs));
      } catch (error) {
        if (failures === 0) failingSince = Date.now();
        failures += 1;
        const backoff = Math.min(maxBackoffMs, pollMs * 2 ** failures);
        // The first failure and then one in ten: an outage of minutes must not flood the log.
        if (failures === 1 || failures % 10 === 0) {
          log.warn({ err: error, failures, retryInMs: backoff }, 'dispatch pass failed');
        }
        await pause(backoff, false);
      }
    }
  }

  /** LISTEN for wake-ups; if the database is away at start, keep trying in the background. */
  async function listen(attempt = 1): Promise<void> {
    if (!running) return;
    try {
      let first = true;
      const subscription = await db.$sql.listen(DIRTY_MEMBER_WEEKS_CHANNEL, wake, () => {
        // Called again each time the driver re-establishes the LISTEN after losing its connection.
        if (!first) reconnected();
        first = false;
      });
      unlisten = () => subscription.unlisten();
    } catch (error) {
      const delay = Math.min(30_000, 500 * 2 ** attempt);
      if (attempt === 1) log.warn({ err: error, retryInMs: delay }, 'LISTEN failed; polling until it works');
      listenRetry = setTimeout(() => void listen(attempt + 1), delay);
      listenRetry.unref();
    }
  }

  function reconnected() {
    sweep();
    woken = true;
    interrupt?.();
    wakeUp?.();
  }

  return {
    async start() {
      if (running) return;
      running = true;
      await listen();
      loop = run();
    },
    wake,
    reconnected,
    tookWork() {
      roomMade?.();
    },
    async stop() {
      running = false;
      if (listenRetry) clearTimeout(listenRetry);
      interrupt?.();
      wake();
      await loop;
      loop = null;
      await unlisten?.().catch(() => {});
      unlisten = null;
    },
  };
}
