// Two-factor enrolment on the profile page (and on the page a required organization leads to):
// start (password when the account has one) → the secret as a QR code and text, and the recovery
// codes, shown once → a first code from the app turns it on. Turning off and new recovery codes ask
// for the password again.
import type * as security from '../api/security';

export type TwoFactorApi = Pick<
  typeof security,
  'startTwoFactor' | 'confirmTwoFactor' | 'disableTwoFactor' | 'renewRecoveryCodes'
>;

type Step = 'off' | 'scan' | 'on';

/** The base32 secret of an otpauth:// URI, grouped by four for reading aloud or typing. */
export function secretOf(uri: string): string {
  try {
    const secret = new URL(uri).searchParams.get('secret') ?? '';
    return secret.replace(/(.{4})/g, '$1 ').trim();
  } catch {
    return '';
  }
}

export class TwoFactorSetup {
  step = $state<Step>('off');
  busy = $state(false);
  error = $state<unknown>(null);
  totpURI = $state('');
  /** Shown once: after enrolment or renewal, until the person says they kept them. */
  recoveryCodes = $state<string[]>([]);
  secret = $derived(secretOf(this.totpURI));

  #api: TwoFactorApi;
  #onChange: (enabled: boolean) => void | Promise<void>;

  constructor(enabled: boolean, api: TwoFactorApi, onChange: (enabled: boolean) => void | Promise<void>) {
    this.step = enabled ? 'on' : 'off';
    this.#api = api;
    this.#onChange = onChange;
  }

  async #run(work: () => Promise<void>) {
    this.busy = true;
    this.error = null;
    try {
      await work();
    } catch (error) {
      this.error = error;
    } finally {
      this.busy = false;
    }
  }

  start(password?: string) {
    return this.#run(async () => {
      const started = await this.#api.startTwoFactor(password || undefined);
      this.totpURI = started.totpURI;
      this.recoveryCodes = started.backupCodes;
      this.step = 'scan';
    });
  }

  confirm(code: string) {
    const digits = code.replace(/\s+/g, '');
    return this.#run(async () => {
      await this.#api.confirmTwoFactor(digits);
      this.totpURI = '';
      this.step = 'on';
      await this.#onChange(true);
    });
  }

  cancel() {
    this.totpURI = '';
    this.recoveryCodes = [];
    this.step = 'off';
    this.error = null;
  }

  disable(password?: string) {
    return this.#run(async () => {
      await this.#api.disableTwoFactor(password || undefined);
      this.recoveryCodes = [];
      this.step = 'off';
      await this.#onChange(false);
    });
  }

  renew(password?: string) {
    return this.#run(async () => {
      this.recoveryCodes = await this.#api.renewRecoveryCodes(password || undefined);
    });
  }

  /** The person kept their codes: they are not shown again. */
  dismissCodes() {
    this.recoveryCodes = [];
  }
}
