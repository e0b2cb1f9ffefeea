import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '$lib/api/client';
import type { SsoConnection } from '$lib/api/security';
import { parseDomains, type SecurityApi, SecuritySettings } from './security.svelte';

const saved: SsoConnection = {
  issuer: 'https://login.acme.example',
  clientId: 'proofwork',
  clientSecretSet: true,
  domains: ['acme.example', 'acme.fr'],
  defaultRole: 'manager',
  redirectUri: 'https://app.example/api/auth/sso/callback/org-1',
  updatedAt: '2026-12-03T10:00:00Z',
};

function api(): SecurityApi {
  return {
    getSso: vi.fn(async () => ({ connection: null, redirectUri: 'https://app.example/api/auth/sso/callback/org-1' })),
    saveSso: vi.fn(async () => saved),
    removeSso: vi.fn(async () => {}),
    setTwoFactorRule: vi.fn(async () => {
      throw new ApiError(400, 'validation_failed', 'enable it first', [
        { field: 'body.twoFactorRequired', message: 'x' },
      ]);
    }),
  };
}

describe('sign-in security settings', () => {
  it('reads domains however they are typed', () => {
    expect(parseDomains(' Acme.example, @acme.fr;\nacme.de ')).toEqual(['acme.example', 'acme.fr', 'acme.de']);
  });

  it('saves a connection, sends the secret only when typed, and never keeps it', async () => {
    const calls = api();
    const settings = new SecuritySettings(calls);
    await settings.load('org-1', 'nobody');
    expect(settings.status).toBe('ready');
    expect(settings.redirectUri).toContain('/sso/callback/org-1');
    settings.issuer = ' https://login.acme.example ';
    settings.clientId = 'proofwork';
    settings.clientSecret = 's3cret';
    settings.domains = 'acme.example, acme.fr';
    settings.defaultRole = 'manager';
    expect(await settings.save('org-1')).toBe(true);
    expect(calls.saveSso).toHaveBeenCalledWith('org-1', {
      issuer: 'https://login.acme.example',
      clientId: 'proofwork',
      clientSecret: 's3cret',
      domains: ['acme.example', 'acme.fr'],
      defaultRole: 'manager',
    });
    expect(settings.clientSecret).toBe('');
    expect(settings.connection?.clientSecretSet).toBe(true);
    await settings.save('org-1');
    expect(vi.mocked(calls.saveSso).mock.calls[1]![1]).not.toHaveProperty('clientSecret');
    await settings.remove('org-1');
    expect(settings.connection).toBeNull();
    expect(settings.domains).toBe('');
  });

  it('puts the two-factor rule back when refused', async () => {
    const settings = new SecuritySettings(api());
    await settings.load('org-1', 'nobody');
    expect(await settings.setRule('org-1', 'everyone')).toBeNull();
    expect(settings.rule).toBe('nobody');
    expect((settings.ruleError as ApiError).code).toBe('validation_failed');
  });
});
