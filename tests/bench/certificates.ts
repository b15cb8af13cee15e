import {
  DEMO_SIGNER,
  generateDemoP12,
  generateQrKeyPem,
  identityFromP12,
  qrKeyFromPem,
  type CenterKeys,
} from "../../server/src/signing";
import { sampleOfficialResult } from "../../server/src/modules/documents/sample-data";
import { renderDocument } from "../../server/src/modules/certificates/service";

export interface CertificateBench {
  documents: number;
  /** Rendered, QR-payload signed and PDF signed (CMS, RSA-2048). */
  signed: Rate;
  /** The same page rendered without the PDF signature. */
  bare: Rate;
  /** signed ÷ bare rate; the target is at least 0.7. */
  ratio: number;
}

interface Rate {
  ms: number;
  docsPerSecond: number;
  bytesPerDocument: number;
}

function rate(n: number, ms: number, bytes: number): Rate {
  return {
    ms: Math.round(ms),
    docsPerSecond: Math.round((n / ms) * 1000 * 10) / 10,
    bytesPerDocument: Math.round(bytes / n),
  };
}

/** Keys made in memory, so the benchmark touches no key files. */
export function ephemeralKeys(): CenterKeys {
  return {
    signing: identityFromP12(generateDemoP12(), DEMO_SIGNER.passphrase, true),
    qr: qrKeyFromPem(generateQrKeyPem()),
  };
}

/**
 * Renders and signs `n` certificates and renders `n` of the same pages
 * unsigned, one at a time on this thread, and compares the rates. Fonts
 * and keys are loaded before timing (a worker loads them once).
 */
export async function benchCertificates(
  n: number,
  keys: CenterKeys = ephemeralKeys(),
): Promise<CertificateBench> {
  const results = [
    sampleOfficialResult({ kind: "certificate" }),
    sampleOfficialResult({ kind: "reference", language: "ru" }),
  ];
  const render = (index: number, sign: boolean) =>
    renderDocument({
      result: results[index % 2] ?? results[0]!,
      number: `SYN-2026-${String(index + 1).padStart(6, "0")}`,
      issuedAt: Date.now(),
      defaultValidityDays: 365,
      publicUrl: "https://synaq.example.kz",
      keys,
      sign,
    });
  for (let i = 0; i < 3; i++) {
    await render(i, true);
    await render(i, false);
  }
  // Interleaved (bare, signed, bare, …) so load from other processes on
  // the machine affects both rates alike.
  let bareMs = 0;
  let signedMs = 0;
  let bareBytes = 0;
  let signedBytes = 0;
  for (let i = 0; i < n; i++) {
    let start = performance.now();
    bareBytes += (await render(i, false)).length;
    bareMs += performance.now() - start;
    start = performance.now();
    signedBytes += (await render(i, true)).length;
    signedMs += performance.now() - start;
  }
  const bare = rate(n, bareMs, bareBytes);
  const signed = rate(n, signedMs, signedBytes);
  return {
    documents: n,
    signed,
    bare,
    ratio: Math.round((signed.docsPerSecond / bare.docsPerSecond) * 100) / 100,
  };
}
