// Who is signed in, in which organization, and that organization's catalog: loaded once after
// sign-in and on an organization switch, read by every page.
import { type Locale, localDateOf } from '@proofwork/core';
import { ApiError, api, ok, sessionEvents } from '../api/client';
import type { Brand, Category, DeliverableType, Me, Member, Membership, Organization } from '../api/types';
import { browserLocale, locale } from '../i18n.svelte';

const ORG_KEY = 'pw.org';

type Status = 'idle' | 'loading' | 'anonymous' | 'ready' | 'error';

function remembered(): string | null {
  try {
    return localStorage.getItem(ORG_KEY);
  } catch {
    return null;
  }
}

class Session {
  status = $state<Status>('idle');
  error = $state<ApiError | null>(null);
  me = $state<Me | null>(null);
  orgId = $state<string | null>(null);
  organization = $state<Organization | null>(null);
  member = $state<Member | null>(null);
  categories = $state<Category[]>([]);
  brands = $state<Brand[]>([]);
  deliverableTypes = $state<DeliverableType[]>([]);

  memberships = $derived<Membership[]>(this.me?.memberships ?? []);
  membership = $derived<Membership | null>(this.memberships.find((m) => m.organizationId === this.orgId) ?? null);
  /** The member's zone, else the organization's: every local date and clock time uses it. */
  timeZone = $derived<string>(
    this.member?.timeZone ?? this.organization?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
  );
  weekStartDay = $derived<number>(this.organization?.weekStart ?? 1);
  contractSeconds = $derived<number | null>(
    this.member?.weeklyContractSeconds ?? this.organization?.defaultWeeklyContractSeconds ?? null,
  );
  schedule = $derived(this.member?.workingSchedule ?? this.organization?.workingSchedule ?? []);
  /** The organization in use requires two-factor authentication this person has not turned on. */
  twoFactorBlocked = $derived<boolean>(this.membership !== null && this.#blocked(this.membership));

  #blocked(m: Membership): boolean {
    if (this.me?.user.twoFactorEnabled) return false;
    return m.twoFactorRequired === 'everyone' || (m.twoFactorRequired === 'managers' && m.role !== 'member');
  }

  #loading: Promise<void> | null = null;
  #words: Promise<void> = Promise.resolve();

  /** Loads the signed-in user; resolves with status 'anonymous' when nobody is. */
  load(force = false): Promise<void> {
    if (this.#loading && !force) return this.#loading;
    this.#loading = this.#load();
    return this.#loading;
  }

  /**
   * Starts the session's load if none is under way, and resolves once the person's language is
   * known (from /me: the user's choice, else the organization's) and its words are loaded; for a
   * visitor, once /me said so. The root layout waits for it, so the first page shows in that
   * language and only its catalog is downloaded.
   */
  languageReady(): Promise<void> {
    void this.load().catch(() => {});
    return this.#words;
  }

  async #load() {
    if (this.status !== 'ready') this.status = 'loading';
    this.error = null;
    const signedIn = this.#readMe();
    // The language's words download while the organization's reads are under way.
    this.#words = signedIn.then((yes) => (yes ? this.#applyLocale(this.#chosenMembership()) : undefined));
    if (!(await signedIn)) return;
    const chosen = this.#chosenMembership();
    if (chosen && this.#blocked(chosen)) this.#useBlocked(chosen.organizationId);
    else if (chosen) await this.#loadOrganization(chosen.organizationId);
    else this.orgId = null;
    await this.#words;
    this.status = 'ready';
  }

  /** /me: true when someone is signed in; otherwise the status says who is not, or why. */
  async #readMe(): Promise<boolean> {
    try {
      this.me = await ok(api.GET('/api/v1/me'));
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        this.#clear();
        this.status = 'anonymous';
        return false;
      }
      this.error = error instanceof ApiError ? error : new ApiError(0, 'network', String(error));
      this.status = 'error';
      return false;
    }
  }

  /** The organization in use: the current one, else the last one used on this device, else the first. */
  #chosenMembership(): Membership | null {
    const wanted = this.orgId ?? remembered();
    return this.memberships.find((m) => m.organizationId === wanted) ?? this.memberships[0] ?? null;
  }

  /** The organization answers nothing until two-factor authentication is on: only its name is known. */
  #useBlocked(orgId: string) {
    this.orgId = orgId;
    this.organization = null;
    this.member = null;
  }

  async #loadOrganization(orgId: string) {
    const membership = this.memberships.find((m) => m.organizationId === orgId);
    if (!membership) return;
    const path = { params: { path: { orgId } } };
    const [organization, member, categories, brands, types] = await Promise.all([
      ok(api.GET('/api/v1/organizations/{orgId}', path)),
      ok(
        api.GET('/api/v1/organizations/{orgId}/members/{memberId}', {
          params: { path: { orgId, memberId: membership.memberId } },
        }),
      ),
      ok(api.GET('/api/v1/organizations/{orgId}/categories', path)),
      ok(api.GET('/api/v1/organizations/{orgId}/brands', path)),
      ok(api.GET('/api/v1/organizations/{orgId}/deliverable-types', path)),
    ]);
    this.orgId = orgId;
    this.organization = organization;
    this.member = member;
    this.categories = categories.items;
    this.brands = brands.items;
    this.deliverableTypes = types.items;
    try {
      localStorage.setItem(ORG_KEY, orgId);
    } catch {
      // Not remembered across reloads; harmless.
    }
  }

  /** The user's own choice, else the organization's language, else the browser's (its words first). */
  async #applyLocale(membership: Membership | null = this.membership) {
    const chosen = this.me?.user.locale ?? membership?.defaultLocale ?? browserLocale();
    if (chosen === locale.current) return;
    // Offline with that catalog never fetched: the app stays in the language it has.
    await locale.set(chosen).catch(() => {});
  }

  async switchOrganization(orgId: string) {
    this.status = 'loading';
    try {
      const membership = this.memberships.find((m) => m.organizationId === orgId);
      if (membership && this.#blocked(membership)) this.#useBlocked(orgId);
      else await this.#loadOrganization(orgId);
      await this.#applyLocale();
      this.status = 'ready';
    } catch (error) {
      this.error = error instanceof ApiError ? error : new ApiError(0, 'network', String(error));
      this.status = 'error';
    }
  }

  async setLocale(next: Locale) {
    await locale.set(next);
    if (!this.me) return;
    this.me = await ok(api.PATCH('/api/v1/me', { body: { locale: next } }));
  }

  async setName(name: string) {
    this.me = await ok(api.PATCH('/api/v1/me', { body: { name } }));
  }

  /** The server no longer knows this session. */
  expire() {
    this.#clear();
    this.#loading = null;
    this.status = 'anonymous';
  }

  setMember(member: Member) {
    this.member = member;
  }

  async signOut() {
    const userId = this.me?.user.id;
    try {
      await ok(api.POST('/api/auth/sign-out', { body: {} }));
    } finally {
      this.#clear();
      this.status = 'anonymous';
      this.#loading = null;
      // What this person left on the device (offline lines, recent lines) goes with them.
      if (userId) sessionEvents.dispatchEvent(new CustomEvent('signed-out', { detail: { userId } }));
      // The installed app keeps the last answers of My week's reads for offline use: not after sign-out.
      navigator.serviceWorker?.controller?.postMessage('sign-out');
      await globalThis.caches?.delete('proofwork-api').catch(() => false);
    }
  }

  #clear() {
    this.me = null;
    this.orgId = null;
    this.organization = null;
    this.member = null;
    this.categories = [];
    this.brands = [];
    this.deliverableTypes = [];
  }

  /** Today in the member's zone. */
  today(now = new Date()): string {
    return localDateOf(now, this.timeZone);
  }

  category(idOrKey: string | null | undefined): Category | undefined {
    if (!idOrKey) return undefined;
    return this.categories.find((c) => c.id === idOrKey || c.key === idOrKey);
  }

  brand(idOrSlug: string | null | undefined): Brand | undefined {
    if (!idOrSlug) return undefined;
    return this.brands.find((b) => b.id === idOrSlug || b.slug === idOrSlug);
  }

  categoryName(c: Category | undefined): string {
    if (!c) return '';
    return locale.current === 'fr' ? c.nameFr : c.nameEn;
  }

  deliverableTypeName(key: string | null | undefined): string {
    const type = this.deliverableTypes.find((d) => d.key === key || d.id === key);
    if (!type) return key ?? '';
    return locale.current === 'fr' ? type.nameFr : type.nameEn;
  }
}

export const session = new Session();

// A request answered 401 (session expired or signed out in another tab): back to signed-out.
sessionEvents.addEventListener('unauthorized', () => {
  if (session.status === 'ready') session.expire();
});
