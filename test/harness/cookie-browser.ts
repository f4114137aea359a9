/** One HTTP answer as a test sees it. */
export interface BrowserResponse {
  readonly url: string;
  readonly status: number;
  readonly location?: string;
  readonly body: string;
  readonly headers: Headers;
}

/**
 * A minimal browser for HTTP tests: fetch with a cookie jar per origin (paths and
 * SameSite are not modelled: every cookie of an origin is sent to it) and redirects
 * left to the test, so it can look at, or stop at, each hop.
 */
export class CookieBrowser {
  private readonly jar = new Map<string, Map<string, string>>();

  async get(url: string): Promise<BrowserResponse> {
    return this.send(url, { method: 'GET' });
  }

  /** Posts a form; `headers` adds what a browser would send besides (`origin`, `accept`). */
  async post(
    url: string,
    form: URLSearchParams = new URLSearchParams(),
    headers: Record<string, string> = {},
  ): Promise<BrowserResponse> {
    return this.send(url, {
      method: 'POST',
      body: form.toString(),
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    });
  }

  /**
   * Follows redirects from `response` while `until` says the next URL is not the stop,
   * and returns the answer that is not a redirect, or the URL it stopped at.
   */
  async follow(
    response: BrowserResponse,
    until: (url: URL) => boolean = () => false,
  ): Promise<{ response: BrowserResponse; stoppedAt?: string }> {
    let current = response;
    for (let hop = 0; hop < 20; hop++) {
      if (current.location === undefined) return { response: current };
      const next = new URL(current.location, current.url).href;
      if (until(new URL(next))) return { response: current, stoppedAt: next };
      current = await this.get(next);
    }
    throw new Error('too many redirects');
  }

  private async send(url: string, init: RequestInit): Promise<BrowserResponse> {
    const origin = new URL(url).origin;
    const cookies = [...(this.jar.get(origin) ?? new Map<string, string>()).entries()];
    const headers = new Headers(init.headers);
    if (cookies.length > 0) headers.set('cookie', cookies.map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.store(origin, res.headers.getSetCookie());
    const location = res.headers.get('location');
    return {
      url,
      status: res.status,
      ...(location === null ? {} : { location }),
      body: await res.text(),
      headers: res.headers,
    };
  }

  private store(origin: string, setCookies: readonly string[]): void {
    const cookies = this.jar.get(origin) ?? new Map<string, string>();
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';').map((s) => s.trim());
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      const expired = attributes.some(
        (a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && Date.parse(a.slice(8)) < Date.now()),
      );
      if (expired || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
    this.jar.set(origin, cookies);
  }
}
