/**
 * Safe Exam Browser's JavaScript API: where a center runs its kiosks in SEB
 * (and sets SEB_CONFIG_KEY on the server), the page's Config Key hash proves
 * the SEB settings. Classic SEB also sends it as a request header by itself;
 * modern SEB only gives it to the page, so the kiosk passes it on.
 * See https://safeexambrowser.org/developer/seb-config-key.html.
 */
interface SebJsApi {
  security?: {
    configKey?: string;
    /** SEB 3.0 for macOS/iOS: fills `configKey`, then calls back. */
    updateKeys?: (callback: () => void) => void;
  };
}

declare global {
  interface Window {
    SafeExamBrowser?: SebJsApi;
  }
}

export interface SebProof {
  /** The page URL without its fragment: what the hash was made for. */
  page: string;
  configKeyHash: string;
}

/** Asks older SEB versions to fill in the keys; at most a second. */
export function prepareSeb(): Promise<void> {
  const update = window.SafeExamBrowser?.security?.updateKeys;
  if (!update || window.SafeExamBrowser?.security?.configKey)
    return Promise.resolve();
  return new Promise((resolve) => {
    const timer = window.setTimeout(resolve, 1_000);
    update(() => {
      window.clearTimeout(timer);
      resolve();
    });
  });
}

/** The Config Key hash of this page, when SEB gives one. */
export function sebProof(): SebProof | null {
  const configKeyHash = window.SafeExamBrowser?.security?.configKey;
  if (typeof configKeyHash !== "string" || configKeyHash === "") return null;
  return { page: window.location.href.split("#")[0] ?? "", configKeyHash };
}

/** The proof as request headers (see server/src/modules/kiosks/seb.ts). */
export function sebHeaders(): Record<string, string> {
  const proof = sebProof();
  return proof
    ? {
        "X-Synaq-Seb-Page": proof.page,
        "X-Synaq-Seb-ConfigKeyHash": proof.configKeyHash,
      }
    : {};
}
