// The kinds of reminders a member can turn on or off, with their built-in defaults. Settings are
// read member row → organization default → these.
export const REMINDER_KINDS = ['nothing_logged', 'timer_running', 'week_unsubmitted', 'manager_digest'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** Notices that are not reminders (nobody can turn them off; they carry no unsubscribe link). */
export type NoticeKind = ReminderKind | 'webhook_disabled';

export interface ReminderSetting {
  enabled: boolean;
  /** Local time of day in minutes (nothing logged: when; last week: from when on the first day). */
  atMinutes: number | null;
  /** A timer's threshold in hours. */
  afterHours: number | null;
}

export const REMINDER_DEFAULTS: Record<ReminderKind, ReminderSetting> = {
  nothing_logged: { enabled: true, atMinutes: 17 * 60 + 30, afterHours: null },
  timer_running: { enabled: true, atMinutes: null, afterHours: 4 },
  week_unsubmitted: { enabled: true, atMinutes: 10 * 60, afterHours: null },
  manager_digest: { enabled: true, atMinutes: 9 * 60, afterHours: null },
};

export const isReminderKind = (kind: string): kind is ReminderKind =>
  (REMINDER_KINDS as readonly string[]).includes(kind);

/** Digests are for the people who manage a team. */
export const kindAppliesTo = (kind: ReminderKind, role: string) =>
  kind !== 'manager_digest' || role === 'owner' || role === 'manager';

/** Effective settings of one member: their own row, else the organization's, else the default. */
export function effectiveSetting(
  kind: ReminderKind,
  own: Partial<ReminderSetting> | undefined,
  organization: Partial<ReminderSetting> | undefined,
): ReminderSetting {
  const base = REMINDER_DEFAULTS[kind];
  const pick = <K extends keyof ReminderSetting>(key: K): ReminderSetting[K] =>
    (own?.[key] ?? organization?.[key] ?? base[key]) as ReminderSetting[K];
  return { enabled: pick('enabled'), atMinutes: pick('atMinutes'), afterHours: pick('afterHours') };
}
