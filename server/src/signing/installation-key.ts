import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from "node:crypto";
import { link, mkdir, readFile, unlink, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * The installation's Ed25519 key, from its file: it signs the QR payloads
 * of documents (certificates module) and the audit checkpoints (audit
 * module), so it lives below both. `CERT_QR_KEY_PATH`, else one made once
 * under `${DATA_DIR}/keys/`. Never kept in Redis.
 */

export interface QrSigningKey {
  /** Short id carried in every payload, to pick the key when verifying. */
  keyId: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The raw 32-byte public key (JWK `x`). */
  publicRaw: Buffer;
}

export class KeysUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KeysUnavailableError";
  }
}

/** Where a generated key is kept: `${dataDir}/keys/qr-ed25519.pem`. */
export const generatedQrKeyFile = (dataDir: string) =>
  path.join(path.resolve(dataDir, "keys"), "qr-ed25519.pem");

export function publicKeyRaw(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: "jwk" });
  return Buffer.from(jwk.x ?? "", "base64url");
}

/** 8 hex characters: short in the QR code, unique among a center's keys. */
export const qrKeyId = (publicRaw: Buffer) =>
  createHash("sha256").update(publicRaw).digest("hex").slice(0, 8);

/** Loads an Ed25519 private key (PKCS#8 PEM) and derives its key id. */
export function qrKeyFromPem(pem: string | Buffer): QrSigningKey {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== "ed25519") {
    throw new Error("the QR signing key must be Ed25519");
  }
  const publicKey = createPublicKey(privateKey);
  const publicRaw = publicKeyRaw(publicKey);
  return { keyId: qrKeyId(publicRaw), privateKey, publicKey, publicRaw };
}

/** A new Ed25519 private key as PKCS#8 PEM. */
export function generateQrKeyPem(): string {
  const { privateKey } = generateKeyPairSync("ed25519");
  return privateKey.export({ type: "pkcs8", format: "pem" }).toString();
}

/**
 * Creates `file` with `content` unless it exists, atomically: written to a
 * temporary file and hard-linked into place, so two processes starting at
 * once keep one key and nobody reads a half-written file.
 */
export async function createOnce(file: string, content: string | Buffer) {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  await writeFile(temp, content, { mode: 0o600 });
  try {
    await link(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

export async function readIfExists(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/**
 * The installation's Ed25519 key. `create: false` never writes a key file:
 * a verifier must not mint a key it would then trust.
 */
export async function loadInstallationKey(
  settings: { dataDir: string; qrKeyPath?: string },
  create: boolean,
): Promise<QrSigningKey> {
  if (settings.qrKeyPath) {
    return qrKeyFromPem(await readFile(path.resolve(settings.qrKeyPath)));
  }
  const file = generatedQrKeyFile(settings.dataDir);
  let pem = await readIfExists(file);
  if (!pem) {
    if (!create) {
      throw new KeysUnavailableError(
        `no QR signing key: CERT_QR_KEY_PATH is not set and ${file} does not exist`,
      );
    }
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await createOnce(file, generateQrKeyPem());
    pem = await readFile(file);
  }
  return qrKeyFromPem(pem);
}
