// The sign-in page's steps: e-mail and password; then, for an account with two-factor
// authentication, the code of the authenticator app (or a recovery code); or, instead of the
// password, "Sign in with your company", which sends the browser to the company's identity provider.
import type * as security from '../api/security';

export type SignInApi = Pick<typeof security, 'signInWithPassword' | 'verifySignInCode' | 'companySignInUrl'>;

type Step = 'password' | 'code' | 'company';

export class SignInFlow {
  step = $state<Step>('password');
  email = $state('');
  password = $state('');
  code = $state('');
  /** A recovery code instead of the app's code. */
  recovery = $state(false);
  busy = $state(false);
  error = $state<unknown>(null);

  #api: SignInApi;
  #signedIn: () => Promise<void>;
  #go: (url: string) => void;

  constructor(api: SignInApi, signedIn: () => Promise<void>, go: (url: string) => void, email = '') {
    this.#api = api;
    this.#signedIn = signedIn;
    this.#go = go;
    this.email = email;
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

  submitPassword() {
    return this.#run(async () => {
      const { codeNeeded } = await this.#api.signInWithPassword(this.email.trim(), this.password);
      this.password = '';
      if (codeNeeded) {
        this.step = 'code';
        return;
      }
      await this.#signedIn();
    });
  }

  submitCode() {
    return this.#run(async () => {
      await this.#api.verifySignInCode(this.code.replace(/\s+/g, ''), this.recovery);
      await this.#signedIn();
    });
  }

  useRecovery(on: boolean) {
    this.recovery = on;
    this.code = '';
    this.error = null;
  }

  company(on: boolean) {
    this.step = on ? 'company' : 'password';
    this.error = null;
  }

  submitCompany(next?: string) {
    return this.#run(async () => {
      this.#go(await this.#api.companySignInUrl(this.email.trim(), next || undefined));
    });
  }

  /** Back to the first step (a code step that expired, or another account). */
  restart() {
    this.step = 'password';
    this.code = '';
    this.recovery = false;
    this.error = null;
  }
}
