// Names for the shapes the web app uses, all derived from the generated OpenAPI types (never
// written by hand): `Body<path, method>` is a route's JSON success body.
import type { paths } from './schema';

type JsonOf<R> = R extends { content: { 'application/json': infer T } } ? T : never;

/** The JSON body of a route's first 2xx response. */
export type Body<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  responses: infer R;
}
  ? R extends { 200: infer S }
    ? JsonOf<S>
    : R extends { 201: infer S }
      ? JsonOf<S>
      : never
  : never;

/** The JSON request body of a route. */
export type Input<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer T } };
}
  ? T
  : never;

type Org = '/api/v1/organizations/{orgId}';

export type Me = Body<'/api/v1/me', 'get'>;
export type Membership = Me['memberships'][number];
export type Organization = Body<Org, 'get'>;
export type Member = Body<`${Org}/members/{memberId}`, 'get'>;
export type MemberPatch = Input<`${Org}/members/{memberId}`, 'patch'>;
export type Category = Body<`${Org}/categories`, 'get'>['items'][number];
export type Brand = Body<`${Org}/brands`, 'get'>['items'][number];
export type DeliverableType = Body<`${Org}/deliverable-types`, 'get'>['items'][number];
export type Token = Body<`${Org}/tokens`, 'get'>['items'][number];
export type CreatedToken = Body<`${Org}/tokens`, 'post'>;
export type TokenInput = Input<`${Org}/tokens`, 'post'>;
export type TokenScope = Token['scopes'][number];
export type Invitation = Body<'/api/v1/invitations/{token}', 'get'>;
export type WorkingSchedule = NonNullable<Member['workingSchedule']>;

// Time entries, timer, quick-add and week approvals.
export type TimeEntry = Body<`${Org}/time-entries/{entryId}`, 'get'>;
export type EntryList = Body<`${Org}/time-entries`, 'get'>;
export type EntryCreate = Input<`${Org}/time-entries`, 'post'>;
export type EntryPatch = Input<`${Org}/time-entries/{entryId}`, 'patch'>;
export type BulkInput = Input<`${Org}/time-entries/bulk`, 'post'>;
export type TimerStart = Input<`${Org}/timer/start`, 'post'>;
export type QuickAddParse = Body<`${Org}/quick-add/parse`, 'post'>;
export type QuickAddSaved = Body<`${Org}/quick-add`, 'post'>;
export type WeekApproval = Body<`${Org}/weeks`, 'get'>['items'][number];
export type WeekSummary = Body<`${Org}/time-entries/week`, 'get'>;
export type Notice = Body<`${Org}/notifications`, 'get'>['items'][number];
export type ReminderSetting = Body<`${Org}/reminders`, 'get'>['items'][number];
export type ReminderInput = Input<`${Org}/reminders`, 'put'>['items'][number];
