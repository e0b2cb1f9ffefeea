// The one clock: time comes from an injected clock so tests, jobs and the quick-add parser can fix
// "now". Nothing deeper in the code calls `new Date()` for the present.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export const fixedClock = (at: Date | string): Clock => ({ now: () => new Date(at) });
