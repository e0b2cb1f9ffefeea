// Time comes from an injected clock so tests (and quick-add) can fix "now".
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
export const fixedClock = (at: Date | string): Clock => ({ now: () => new Date(at) });
