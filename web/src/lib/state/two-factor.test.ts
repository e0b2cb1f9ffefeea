import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { type SignInApi, SignInFlow } from './sign-in.svelte';
import { secretOf, type TwoFactorApi, TwoFactorSetup } from './two-factor.svelte';

const URI = 'otpauth://totp/Proofwork:ana%40acme.example?secret=JBSWY3DPEHPK3PXPJBSWY3DP&issuer=Proofwork';

function twoFactorApi(): TwoFactorApi {
  return {
    startTwoFactor: vi.fn(async () => ({ totpURI: URI, backupCodes: ['aaaa-1', 'bbbb-2'] })),
    confirmTwoFactor: vi.fn(async (code: string) => {
      if (code !== '123456') throw new ApiError(401, 'invalid_code', 'Invalid code');
    }),
    disableTwoFactor: vi.fn(async () => {}),
    renewRecoveryCodes: vi.fn(async () => ['cccc-3']),
  };
}

describe('two-factor enrolment', () => {
  it('shows the secret and the codes, and is on only after a right code', async () => {
    const api = twoFactorApi();
    const changed = vi.fn();
    const setup = new TwoFactorSetup(false, api, changed);
    await setup.start('pw');
    expect(api.startTwoFactor).toHaveBeenCalledWith('pw');
    expect(setup.step).toBe('scan');
    expect(setup.secret).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP');
    expect(setup.recoveryCodes).toEqual(['aaaa-1', 'bbbb-2']);

    await setup.confirm('000 000');
    expect(setup.step).toBe('scan');
    expect((setup.error as ApiError).code).toBe('invalid_code');
    expect(changed).not.toHaveBeenCalled();

    await setup.confirm('123 456');
    expect(api.confirmTwoFactor).toHaveBeenLastCalledWith('123456');
    expect(setup.step).toBe('on');
    expect(setup.error).toBeNull();
    expect(changed).toHaveBeenCalledWith(true);
    // The codes stay until the person says they kept them.
    expect(setup.recoveryCodes).toHaveLength(2);
    setup.dismissCodes();
    expect(setup.recoveryCodes).toEqual([]);
  });

  it('turns off, renews codes, and an empty password is sent as none', async () => {
    const api = twoFactorApi();
    const changed = vi.fn();
    const setup = new TwoFactorSetup(true, api, changed);
    await setup.renew('');
    expect(api.renewRecoveryCodes).toHaveBeenCalledWith(undefined);
    expect(setup.recoveryCodes).toEqual(['cccc-3']);
    await setup.disable('pw');
    expect(setup.step).toBe('off');
    expect(changed).toHaveBeenCalledWith(false);
  });

  it('reads no secret from something that is not a URI', () => {
    expect(secretOf('not a uri')).toBe('');
  });
});

function signInApi(codeNeeded: boolean): SignInApi {
  return {
    signInWithPassword: vi.fn(async () => ({ codeNeeded })),
    verifySignInCode: vi.fn(async () => {}),
    companySignInUrl: vi.fn(async () => 'https://idp.example/auth?x=1'),
  };
}

describe('the sign-in steps', () => {
  it('signs in at once without two-factor authentication', async () => {
    const signedIn = vi.fn(async () => {});
    const flow = new SignInFlow(signInApi(false), signedIn, vi.fn(), 'ana@acme.example');
    flow.password = 'secret-pw';
    await flow.submitPassword();
    expect(signedIn).toHaveBeenCalledOnce();
    expect(flow.password).toBe('');
  });

  it('asks for the code, or a recovery code, after the password', async () => {
    const api = signInApi(true);
    const signedIn = vi.fn(async () => {});
    const flow = new SignInFlow(api, signedIn, vi.fn(), 'ana@acme.example');
    await flow.submitPassword();
    expect(flow.step).toBe('code');
    expect(signedIn).not.toHaveBeenCalled();
    flow.useRecovery(true);
    flow.code = ' abcd-1234 ';
    await flow.submitCode();
    expect(api.verifySignInCode).toHaveBeenCalledWith('abcd-1234', true);
    expect(signedIn).toHaveBeenCalledOnce();
    flow.restart();
    expect(flow.step).toBe('password');
    expect(flow.recovery).toBe(false);
  });

  it('sends the browser to the company provider', async () => {
    const api = signInApi(false);
    const go = vi.fn();
    const flow = new SignInFlow(api, vi.fn(), go, ' ana@acme.example ');
    flow.company(true);
    expect(flow.step).toBe('company');
    await flow.submitCompany('/week');
    expect(api.companySignInUrl).toHaveBeenCalledWith('ana@acme.example', '/week');
    expect(go).toHaveBeenCalledWith('https://idp.example/auth?x=1');
  });

  it('keeps the error of a refused step', async () => {
    const api = signInApi(false);
    api.companySignInUrl = vi.fn(async () => {
      throw new ApiError(404, 'sso_not_configured', 'No organization');
    });
    const flow = new SignInFlow(api, vi.fn(), vi.fn(), 'x@nowhere.example');
    await flow.submitCompany();
    expect((flow.error as ApiError).code).toBe('sso_not_configured');
    expect(flow.busy).toBe(false);
  });
});
