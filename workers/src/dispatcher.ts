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
}

export interface Dispatcher {
  start(): Promise<void>;
  /** Asks for a pass as soon as the current one ends. */
  wake(): void;
  stop(): Promise<void>;
}

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { db, sink, log } = options;
  const batchSize = options.batchSize ?? 200;
  const lostAfterSeconds = options.lostAfterSeconds ?? 60;
  const pollMs = options.pollMs ?? 250;
  const maxBackoffMs = options.maxBackoffMs ?? 5000;
  const coalesceMs = options.coalesceMs ?? 20;

  let running = false;
  let loop: Promise<void> | null = null;
  let unlisten: (() => Promise<void>) | null = null;
  let woken = false;
  let wakeUp: (() => void) | null = null;

  function wake() {
    woken = true;
    wakeUp?.();
  }

  /** Waits `ms`, or less if woken; resolves true when woken. */
  function pause(ms: number): Promise<boolean> {
    if (woken) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(false), ms);
      function done(byWake: boolean) {
        clearTimeout(timer);
        wakeUp = null;
        resolve(byWake);
      }
      wakeUp = () => done(true);
    });
  }

  /** Claims one batch and feeds the sink; returns [claimed, handed back]. */
  async function pass(): Promise<[number, number]> {
    woken = false;
    const marks = await claimDirtyMarks(db, { limit: batchSize, lostAfterSeconds });
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
    while (running) {
      try {
        const [claimed, handedBack] = await pass();
        failures = 0;
        // Progress made: look again at once (more marks, or writes that came in meanwhile).
        if (claimed > handedBack) continue;
        if ((await pause(pollMs)) && running) await new Promise((resolve) => setTimeout(resolve, coalesceMs));
      } catch (error) {
        failures += 1;
        const backoff = Math.min(maxBackoffMs, pollMs * 2 ** failures);
        log.warn({ err: error, failures, retryInMs: backoff }, 'dispatch pass failed');
        await pause(backoff);
      }
    }
  }

  return {
    async start() {
      if (running) return;
      running = true;
      try {
        const subscription = await db.$sql.listen(DIRTY_MEMBER_WEEKS_CHANNEL, wake);
        unlisten = () => subscription.unlisten();
      } catch (error) {
        log.warn({ err: error }, 'LISTEN failed; the dispatcher polls only');
      }
      loop = run();
    },
    wake,
    async stop() {
      running = false;
      wake();
      await loop;
      loop = null;
      await unlisten?.().catch(() => {});
      unlisten = null;
    },
  };
}
