/**
 * A small HTTP client for tests: JSON in and out, a cookie jar, and the
 * CSRF token a signed-in console sends with every change.
 */
export class ApiClient {
  private cookies = new Map<string, string>();
  csrfToken: string | undefined;

  /** Where requests go; a caller behind a balancer may point it elsewhere. */
  constructor(public baseUrl: string) {}

  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: any; headers: Headers; raw: Response }> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const response = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...(cookie ? { cookie } : {}),
        ...(this.csrfToken ? { "x-csrf-token": this.csrfToken } : {}),
        ...headers,
      },
      body:
        body === undefined
          ? undefined
          : typeof body === "string"
            ? body
            : JSON.stringify(body),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, ...value] = (pair ?? "").split("=");
      if (!name) continue;
      if (/expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value.join("="));
    }
    const type = response.headers.get("content-type") ?? "";
    const parsed = type.includes("json")
      ? await response.json()
      : Buffer.from(await response.arrayBuffer());
    return {
      status: response.status,
      body: parsed,
      headers: response.headers,
      raw: response,
    };
  }

  get = (path: string, headers?: Record<string, string>) =>
    this.request("GET", path, undefined, headers);
  post = (path: string, body?: unknown, headers?: Record<string, string>) =>
    this.request("POST", path, body ?? {}, headers);
  put = (path: string, body?: unknown) => this.request("PUT", path, body ?? {});
  patch = (path: string, body?: unknown) =>
    this.request("PATCH", path, body ?? {});
  delete = (path: string, headers?: Record<string, string>) =>
    this.request("DELETE", path, undefined, headers);

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  /** Signs in and keeps the session cookie and CSRF token. */
  async login(username: string, password: string) {
    const result = await this.post("/auth/login", { username, password });
    if (result.status !== 200)
      throw new Error(`login failed: ${JSON.stringify(result.body)}`);
    this.csrfToken = result.body.csrfToken;
    return result.body;
  }
}
