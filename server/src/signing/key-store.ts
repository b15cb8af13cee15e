import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  X509Certificate,
  type KeyObject,
} from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import forge from "node-forge";
import type { Env } from "../env";
import type { CmsSigner } from "./cms";
import {
  createOnce,
  generatedQrKeyFile,
  KeysUnavailableError,
  loadInstallationKey,
  readIfExists,
  type QrSigningKey,
} from "./installation-key";

/**
 * The center's two keys, from files: the PDF signing identity (a PKCS#12
 * with an RSA key and its certificate) and the Ed25519 key that signs QR
 * payloads. Where none is configured, demo keys are made once under
 * `${DATA_DIR}/keys/` (ignored by git) and marked as demo everywhere.
 *
 * PKCS#12 stays with node-forge: PKI.js decrypts PBES2 (AES) only, and a
 * center's file exported by OpenSSL 1.x, Windows or a CA's tool is often
 * the legacy 3DES/RC2 kind, which WebCrypto cannot decrypt either.
 */

export interface SigningIdentity extends CmsSigner {
  /** SHA-256 of the certificate DER, lower-case hex. */
  fingerprint: string;
  /** One-line distinguished name, e.g. `CN=…, O=…`. */
  subject: string;
  commonName: string;
  organization: string | undefined;
  notAfter: Date;
  pem: string;
  /** A self-signed key made by Synaq, not the center's own. */
  demo: boolean;
}

export interface CenterKeys {
  signing: SigningIdentity;
  qr: QrSigningKey;
}

export interface KeySettings {
  dataDir: string;
  p12Path?: string;
  p12Passphrase: string;
  qrKeyPath?: string;
}

export const keySettings = (env: Env): KeySettings => ({
  dataDir: env.DATA_DIR,
  p12Passphrase: env.CERT_P12_PASSPHRASE,
  ...(env.CERT_P12_PATH ? { p12Path: env.CERT_P12_PATH } : {}),
  ...(env.CERT_QR_KEY_PATH ? { qrKeyPath: env.CERT_QR_KEY_PATH } : {}),
});

export const DEMO_SIGNER = {
  commonName: "Synaq DEMO signing key — not for official use",
  organization: "Synaq demo testing center",
  /** Not a secret: the demo key signs nothing official. */
  passphrase: "synaq-demo",
} as const;

export const keyFiles = (dataDir: string) => {
  const dir = path.resolve(dataDir, "keys");
  return {
    dir,
    demoP12: path.join(dir, "demo-signing.p12"),
    qrKey: generatedQrKeyFile(dataDir),
    notice: path.join(dir, "DEMO-KEYS-NOT-FOR-OFFICIAL-USE.txt"),
  };
};

const toDer = (asn1: forge.asn1.Asn1) =>
  Buffer.from(forge.asn1.toDer(asn1).getBytes(), "binary");

const spki = (key: KeyObject) => key.export({ type: "spki", format: "der" });

/** Reads the parts of a DN we show; Node prints it as `CN=…\nO=…`. */
function nameField(dn: string, field: string): string | undefined {
  for (const line of dn.split("\n")) {
    const [key, ...rest] = line.split("=");
    if (key === field) return rest.join("=");
  }
  return undefined;
}

/** Parses a PKCS#12 once; the key and certificate are reused for every document. */
export function identityFromP12(
  p12: Buffer,
  passphrase: string,
  demo: boolean,
): SigningIdentity {
  const parsed = forge.pkcs12.pkcs12FromAsn1(
    forge.asn1.fromDer(forge.util.createBuffer(p12.toString("binary"))),
    false,
    passphrase,
  );
  const bagsOf = (bagType: string) =>
    parsed.getBags({ bagType })[bagType] ?? [];
  const keyBag = [
    ...bagsOf(forge.pki.oids.pkcs8ShroudedKeyBag as string),
    ...bagsOf(forge.pki.oids.keyBag as string),
  ].find((bag) => bag.key);
  if (!keyBag?.key) throw new Error("the PKCS#12 holds no private key");
  const privateKey = createPrivateKey(forge.pki.privateKeyToPem(keyBag.key));
  // forge keeps each parsed certificate's original TBS bytes, so this is
  // the certificate byte for byte.
  const certificates = bagsOf(forge.pki.oids.certBag as string)
    .map((bag) => bag.cert)
    .filter((cert): cert is forge.pki.Certificate => Boolean(cert))
    .map((cert) => toDer(forge.pki.certificateToAsn1(cert)));
  const ownSpki = spki(createPublicKey(privateKey));
  const certificateDer = certificates.find((der) =>
    spki(new X509Certificate(der).publicKey).equals(ownSpki),
  );
  if (!certificateDer) {
    throw new Error("the PKCS#12 has no certificate for its private key");
  }
  const x509 = new X509Certificate(certificateDer);
  const commonName = nameField(x509.subject, "CN") ?? x509.subject;
  return {
    privateKey,
    certificateDer,
    chainDer: certificates.filter((der) => der !== certificateDer),
    fingerprint: createHash("sha256").update(certificateDer).digest("hex"),
    subject: x509.subject.split("\n").join(", "),
    commonName,
    organization: nameField(x509.subject, "O"),
    notAfter: new Date(x509.validTo),
    pem: x509.toString(),
    demo,
  };
}

/** An Ed25519 public key from its raw 32 bytes (JWK `x`). */
export const qrPublicKeyFromRaw = (raw: Buffer): KeyObject =>
  createPublicKey({
    key: { kty: "OKP", crv: "Ed25519", x: raw.toString("base64url") },
    format: "jwk",
  });

/** A self-signed RSA-2048 certificate in a PKCS#12, for demo installs and tests. */
export function generateDemoP12(
  options: {
    commonName?: string;
    organization?: string;
    passphrase?: string;
  } = {},
): Buffer {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(
    privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
  );
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  // Positive 16-byte serial: a leading byte below 0x80.
  certificate.serialNumber = `01${randomBytes(15).toString("hex")}`;
  const now = Date.now();
  certificate.validity.notBefore = new Date(now - 24 * 3600 * 1000);
  certificate.validity.notAfter = new Date(now + 10 * 365 * 24 * 3600 * 1000);
  // UTF8String, or forge writes the em dash and Kazakh letters as Latin-1.
  const utf8 = forge.asn1.Type.UTF8 as unknown as number;
  const attributes = [
    {
      name: "commonName",
      value: options.commonName ?? DEMO_SIGNER.commonName,
      valueTagClass: utf8,
    },
    {
      name: "organizationName",
      value: options.organization ?? DEMO_SIGNER.organization,
      valueTagClass: utf8,
    },
    { name: "countryName", value: "KZ" },
  ] as forge.pki.CertificateField[];
  certificate.setSubject(attributes);
  certificate.setIssuer(attributes);
  certificate.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, nonRepudiation: true },
    { name: "subjectKeyIdentifier" },
  ]);
  certificate.sign(key, forge.md.sha256.create());
  const p12 = forge.pkcs12.toPkcs12Asn1(
    key,
    [certificate],
    options.passphrase ?? DEMO_SIGNER.passphrase,
    { algorithm: "aes256", friendlyName: "Synaq signing key" },
  );
  return toDer(p12);
}

async function loadSigning(
  settings: KeySettings,
  create: boolean,
): Promise<SigningIdentity> {
  if (settings.p12Path) {
    const p12 = await readFile(path.resolve(settings.p12Path));
    try {
      return identityFromP12(p12, settings.p12Passphrase, false);
    } catch (error) {
      throw new KeysUnavailableError(
        `CERT_P12_PATH (${settings.p12Path}): cannot read the PKCS#12 — wrong CERT_P12_PASSPHRASE, ` +
          `or not an RSA key with its certificate (${(error as Error).message})`,
      );
    }
  }
  const files = keyFiles(settings.dataDir);
  let p12 = await readIfExists(files.demoP12);
  if (!p12) {
    if (!create) {
      throw new KeysUnavailableError(
        `no signing key: CERT_P12_PATH is not set and ${files.demoP12} does not exist`,
      );
    }
    await mkdir(files.dir, { recursive: true, mode: 0o700 });
    await createOnce(files.demoP12, generateDemoP12());
    await createOnce(
      files.notice,
      "These keys were generated by Synaq for a demo installation.\n" +
        "Documents signed with them are NOT official. Configure the center's own\n" +
        "PKCS#12 with CERT_P12_PATH and CERT_P12_PASSPHRASE for real use.\n" +
        "Never commit these files.\n",
    );
    p12 = await readFile(files.demoP12);
  }
  return identityFromP12(p12, DEMO_SIGNER.passphrase, true);
}

function loadQr(settings: KeySettings, create: boolean): Promise<QrSigningKey> {
  return loadInstallationKey(
    {
      dataDir: settings.dataDir,
      ...(settings.qrKeyPath ? { qrKeyPath: settings.qrKeyPath } : {}),
    },
    create,
  );
}

const loaded = new Map<string, Promise<CenterKeys>>();

/**
 * The center's keys, parsed once per process (parsing a PKCS#12 costs far
 * more than signing with it). `create: false` never writes key files:
 * the verifier CLI must not mint a key it would then trust.
 */
export function loadCenterKeys(
  settings: KeySettings,
  options: { create?: boolean } = {},
): Promise<CenterKeys> {
  const create = options.create ?? true;
  const cacheKey = JSON.stringify({
    dir: path.resolve(settings.dataDir),
    p12: settings.p12Path ? path.resolve(settings.p12Path) : null,
    qr: settings.qrKeyPath ? path.resolve(settings.qrKeyPath) : null,
  });
  const cached = loaded.get(cacheKey);
  if (cached) return cached;
  const loading = (async () => ({
    signing: await loadSigning(settings, create),
    qr: await loadQr(settings, create),
  }))();
  loaded.set(cacheKey, loading);
  // A failure (missing file, bad passphrase) is not cached: fixing the
  // file and retrying must work without a restart.
  loading.catch(() => loaded.delete(cacheKey));
  return loading;
}
