// Scheduled packs on the Evidence page: the evidence of each finished month or quarter mailed to
// budget holders without an account. Lists the schedules with their last sends, adds one (addresses
// typed one per line or separated by commas), pauses, resumes and deletes.
import type { Locale } from '@proofwork/core';
import { api, ok } from '../api/client';
import type { Body, Input } from '../api/types';

type Base = '/api/v1/organizations/{orgId}/evidence-schedules';
export type EvidenceSchedule = Body<Base, 'get'>['items'][number];
export type EvidenceSend = Body<`${Base}/{scheduleId}/sends`, 'get'>['items'][number];
export type EvidenceScheduleRequest = Input<Base, 'post'>;
export type Cadence = EvidenceSchedule['cadence'];

export const MAX_RECIPIENTS = 20;
const EMAIL = /^[^\s@<>,;"]{1,64}@[^\s@<>,;"]{1,253}\.[^\s@<>,;".]{2,63}$/;

/** The addresses of a text (commas, semicolons, spaces or lines between them), lower-cased and unique. */
export function parseRecipients(text: string): { emails: string[]; invalid: string[] } {
  const emails: string[] = [];
  const invalid: string[] = [];
  for (const raw of text.split(/[\s,;]+/)) {
    const email = raw.trim().toLowerCase();
    if (!email) continue;
    if (!EMAIL.test(email)) invalid.push(raw.trim());
    else if (!emails.includes(email)) emails.push(email);
  }
  return { emails, invalid };
}

export interface EvidenceSchedulesApi {
  list(orgId: string): Promise<EvidenceSchedule[]>;
  create(orgId: string, body: EvidenceScheduleRequest): Promise<EvidenceSchedule>;
  setActive(orgId: string, scheduleId: string, active: boolean): Promise<EvidenceSchedule>;
  remove(orgId: string, scheduleId: string): Promise<void>;
  sends(orgId: string, scheduleId: string): Promise<EvidenceSend[]>;
}

export const evidenceSchedulesApi: EvidenceSchedulesApi = {
  list: async (orgId) =>
    (await ok(api.GET('/api/v1/organizations/{orgId}/evidence-schedules', { params: { path: { orgId } } }))).items,
  create: async (orgId, body) =>
    (await ok(
      api.POST('/api/v1/organizations/{orgId}/evidence-schedules', { params: { path: { orgId } }, body }),
    )) as EvidenceSchedule,
  setActive: async (orgId, scheduleId, active) =>
    ok(
      api.PATCH('/api/v1/organizations/{orgId}/evidence-schedules/{scheduleId}', {
        params: { path: { orgId, scheduleId } },
        body: { active },
      }),
    ),
  remove: async (orgId, scheduleId) => {
    await ok(
      api.DELETE('/api/v1/organizations/{orgId}/evidence-schedules/{scheduleId}', {
        params: { path: { orgId, scheduleId } },
      }),
    );
  },
  sends: async (orgId, scheduleId) =>
    (
      await ok(
        api.GET('/api/v1/organizations/{orgId}/evidence-schedules/{scheduleId}/sends', {
          params: { path: { orgId, scheduleId } },
        }),
      )
    ).items,
};

export class ScheduledPacks {
  items = $state<EvidenceSchedule[] | null>(null);
  sends = $state<Record<string, EvidenceSend[]>>({});
  loadError = $state<unknown>(null);
  saveError = $state<unknown>(null);
  busy = $state(false);
  cadence = $state<Cadence>('monthly');
  recipients = $state('');
  locale = $state<Locale>('en');

  constructor(
    private readonly orgId: () => string | null,
    private readonly client: EvidenceSchedulesApi = evidenceSchedulesApi,
  ) {}

  get parsed() {
    return parseRecipients(this.recipients);
  }
  get tooMany() {
    return this.parsed.emails.length > MAX_RECIPIENTS;
  }
  get canAdd() {
    const p = this.parsed;
    return !this.busy && p.emails.length > 0 && p.invalid.length === 0 && !this.tooMany;
  }

  async load() {
    const orgId = this.orgId();
    if (!orgId) return;
    this.loadError = null;
    try {
      const items = await this.client.list(orgId);
      const sends: Record<string, EvidenceSend[]> = {};
      for (const s of items) sends[s.id] = (await this.client.sends(orgId, s.id)).slice(0, 5);
      this.items = items;
      this.sends = sends;
    } catch (e) {
      this.loadError = e;
    }
  }

  private async run(work: (orgId: string) => Promise<unknown>) {
    const orgId = this.orgId();
    if (!orgId) return false;
    this.busy = true;
    this.saveError = null;
    try {
      await work(orgId);
      await this.load();
      return true;
    } catch (e) {
      this.saveError = e;
      return false;
    } finally {
      this.busy = false;
    }
  }

  async add() {
    if (!this.canAdd) return false;
    const body = { cadence: this.cadence, recipients: this.parsed.emails, locale: this.locale };
    const done = await this.run((orgId) => this.client.create(orgId, body));
    if (done) this.recipients = '';
    return done;
  }

  setActive(schedule: EvidenceSchedule, active: boolean) {
    return this.run((orgId) => this.client.setActive(orgId, schedule.id, active));
  }

  remove(schedule: EvidenceSchedule) {
    return this.run((orgId) => this.client.remove(orgId, schedule.id));
  }
}
