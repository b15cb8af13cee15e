import { createHash } from "node:crypto";
import {
  type CertificateKeys,
  type ConfigurationKeys,
} from "@shared/certificates";
import type { AppContext } from "../../context";
import { listKnownKeys, registerKeys } from "./repository";
import type { Redis } from "ioredis";
import { keySettings, loadCenterKeys, type CenterKeys } from "../../signing";

const registeredKeys = new WeakMap<Redis, Set<string>>();

/**
 * The center's keys for this process, recorded in Redis as the center's
 * (once per process and key), so documents signed with them keep
 * verifying after the center changes keys.
 */
export async function centerKeys(ctx: AppContext): Promise<CenterKeys> {
  const keys = await loadCenterKeys(keySettings(ctx.env));
  const id = `${keys.signing.fingerprint}:${keys.qr.keyId}`;
  let seen = registeredKeys.get(ctx.redis);
  if (!seen) {
    seen = new Set();
    registeredKeys.set(ctx.redis, seen);
  }
  if (!seen.has(id)) {
    await registerKeys(
      ctx.redis,
      {
        fingerprint: keys.signing.fingerprint,
        subject: keys.signing.subject,
        notAfter: keys.signing.notAfter.toISOString(),
        demo: keys.signing.demo,
        pem: keys.signing.pem,
      },
      { keyId: keys.qr.keyId, x: keys.qr.publicRaw.toString("base64url") },
    );
    seen.add(id);
  }
  return keys;
}

/** Every key this center has used, for verifiers (and the trust check). */
export async function certificateKeys(
  ctx: AppContext,
): Promise<CertificateKeys> {
  const current = await centerKeys(ctx);
  const known = await listKnownKeys(ctx.redis);
  const byAge = <T extends { firstSeenAt: number }>(a: T, b: T) =>
    b.firstSeenAt - a.firstSeenAt;
  return {
    qrKeys: known.qrKeys.sort(byAge).map((key) => ({
      kty: "OKP" as const,
      crv: "Ed25519" as const,
      alg: "EdDSA" as const,
      use: "sig" as const,
      kid: key.keyId,
      x: key.x,
      current: key.keyId === current.qr.keyId,
    })),
    signingCertificates: known.signers.sort(byAge).map((signer) => ({
      fingerprintSha256: signer.fingerprint,
      subject: signer.subject,
      notAfter: signer.notAfter,
      demo: signer.demo,
      current: signer.fingerprint === current.signing.fingerprint,
      pem: signer.pem,
    })),
  };
}

/**
 * Which keys sign this installation's documents, for the console: the
 * center's own files (configured) or keys Synaq made under DATA_DIR/keys.
 */
export async function configurationKeys(
  ctx: AppContext,
): Promise<ConfigurationKeys> {
  const keys = await centerKeys(ctx);
  return {
    signing: {
      source: ctx.env.CERT_P12_PATH ? "configured" : "generated",
      subject: keys.signing.subject,
      fingerprintSha256: keys.signing.fingerprint,
      notAfter: keys.signing.notAfter.toISOString(),
    },
    qr: {
      source: ctx.env.CERT_QR_KEY_PATH ? "configured" : "generated",
      keyId: keys.qr.keyId,
      fingerprintSha256: createHash("sha256")
        .update(keys.qr.publicRaw)
        .digest("hex"),
    },
  };
}
