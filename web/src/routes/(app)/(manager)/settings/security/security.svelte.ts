// Settings → Sign-in security: who must use two-factor authentication (owners decide), and the
// organization's single sign-on connection (managers and owners): issuer, client id and secret
// (never shown back), the e-mail domains it answers for, the role of people who join through it.

import type { SsoConnection, TwoFactorRule } from '$lib/api/security';
import * as security from '$lib/api/security';

export type SecurityApi = Pick<typeof security, 'getSso' | 'saveSso' | 'removeSso' | 'setTwoFactorRule'>;

/** "acme.com, @acme.fr\nacme.de" → ["acme.com", "acme.fr", "acme.de"]. */
export function parseDomains(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((d) => d.trim().replace(/^@/, '').toLowerCase())
    .filter(Boolean);
}

export class SecuritySettings {
  status = $state<'loading' | 'ready' | 'error'>('loading');
  loadError = $state<unknown>(null);
  connection = $state<SsoConnection | null>(null);
  redirectUri = $state('');
  issuer = $state('');
  clientId = $state('');
  clientSecret = $state('');
  domains = $state('');
  defaultRole = $state<'member' | 'manager'>('member');
  saving = $state(false);
  saveError = $state<unknown>(null);
  rule = $state<TwoFactorRule>('nobody');
  ruleError = $state<unknown>(null);

  #api: SecurityApi;
  constructor(api: SecurityApi = security) {
    this.#api = api;
  }

  #fill(connection: SsoConnection | null) {
    this.connection = connection;
    this.issuer = connection?.issuer ?? '';
    this.clientId = connection?.clientId ?? '';
    this.clientSecret = '';
    this.domains = connection?.domains.join(', ') ?? '';
    this.defaultRole = connection?.defaultRole ?? 'member';
  }

  async load(orgId: string, rule: TwoFactorRule) {
    this.rule = rule;
    this.status = 'loading';
    try {
      const state = await this.#api.getSso(orgId);
      this.redirectUri = state.connection?.redirectUri ?? state.redirectUri;
      this.#fill(state.connection);
      this.status = 'ready';
    } catch (error) {
      this.loadError = error;
      this.status = 'error';
    }
  }

  async save(orgId: string): Promise<boolean> {
    this.saving = true;
    this.saveError = null;
    try {
      const saved = await this.#api.saveSso(orgId, {
        issuer: this.issuer.trim(),
        clientId: this.clientId.trim(),
        ...(this.clientSecret ? { clientSecret: this.clientSecret } : {}),
        domains: parseDomains(this.domains),
        defaultRole: this.defaultRole,
      });
      this.#fill(saved);
      return true;
    } catch (error) {
      this.saveError = error;
      return false;
    } finally {
      this.saving = false;
    }
  }

  async remove(orgId: string) {
    this.saveError = null;
    try {
      await this.#api.removeSso(orgId);
      this.#fill(null);
    } catch (error) {
      this.saveError = error;
    }
  }

  /** Returns the organization as saved, or null when refused (the choice goes back). */
  async setRule(orgId: string, next: TwoFactorRule) {
    const before = this.rule;
    this.rule = next;
    this.ruleError = null;
    try {
      return await this.#api.setTwoFactorRule(orgId, next);
    } catch (error) {
      this.rule = before;
      this.ruleError = error;
      return null;
    }
  }
}
