import {
  createHash,
  webcrypto,
  X509Certificate,
  type KeyObject,
} from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";

/**
 * Detached CMS SignedData (RFC 5652) as PAdES wants it: SHA-256, signed
 * attributes content-type, message-digest and ESS signing-certificate-v2,
 * no signing-time attribute (PAdES puts the time in the signature
 * dictionary's /M). Built and verified with PKI.js on Node's WebCrypto,
 * which signs natively (about a millisecond for RSA-2048).
 */

export const OID = {
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingTime: "1.2.840.113549.1.9.5",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
  sha256: "2.16.840.1.101.3.4.2.1",
  sha384: "2.16.840.1.101.3.4.2.2",
  sha512: "2.16.840.1.101.3.4.2.3",
} as const;

/** The digests a signature may use; SHA-1 and the like are refused. */
const HASH_OF_OID: Record<string, string> = {
  [OID.sha256]: "sha256",
  [OID.sha384]: "sha384",
  [OID.sha512]: "sha512",
};

// Our own engine rather than pkijs's process-wide default, so nothing
// else calling setEngine changes how signatures are made or checked.
const engine = new pkijs.CryptoEngine({
  name: "node-webcrypto",
  crypto: webcrypto as Crypto,
});

export interface CmsSigner {
  privateKey: KeyObject;
  certificateDer: Buffer;
  /** Intermediate certificates, sent along so verifiers can build a path. */
  chainDer: readonly Buffer[];
}

const parsedCertificates = new WeakMap<Buffer, pkijs.Certificate>();

/** A signer's certificate, parsed once: a center signs every document with it. */
function parsedCertificate(der: Buffer): pkijs.Certificate {
  let certificate = parsedCertificates.get(der);
  if (!certificate) {
    certificate = pkijs.Certificate.fromBER(new Uint8Array(der));
    parsedCertificates.set(der, certificate);
  }
  return certificate;
}

const signingKeys = new WeakMap<KeyObject, Promise<CryptoKey>>();

/** The WebCrypto handle of a signing key, imported once per key. */
function signingKey(privateKey: KeyObject): Promise<CryptoKey> {
  let key = signingKeys.get(privateKey);
  if (!key) {
    key = webcrypto.subtle.importKey(
      "pkcs8",
      privateKey.export({ type: "pkcs8", format: "der" }),
      { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
      false,
      ["sign"],
    );
    signingKeys.set(privateKey, key);
  }
  return key;
}

function digestOf(algorithm: string, content: readonly Buffer[]): Buffer {
  const hash = createHash(algorithm);
  for (const part of content) hash.update(part);
  return hash.digest();
}

/** ESS SigningCertificateV2 with one ESSCertIDv2 of the default hash (SHA-256). */
function signingCertificateV2(certificateDer: Buffer): asn1js.Sequence {
  const certificateHash = digestOf("sha256", [certificateDer]);
  const essCertId = new asn1js.Sequence({
    value: [new asn1js.OctetString({ valueHex: certificateHash })],
  });
  return new asn1js.Sequence({
    value: [new asn1js.Sequence({ value: [essCertId] })],
  });
}

/** DER orders a SET OF by the members' encodings; pkijs keeps ours as given. */
function inDerOrder(attributes: pkijs.Attribute[]): pkijs.Attribute[] {
  const encoded = attributes.map((attribute) => ({
    attribute,
    der: Buffer.from(attribute.toSchema().toBER()),
  }));
  encoded.sort((a, b) => Buffer.compare(a.der, b.der));
  return encoded.map(({ attribute }) => attribute);
}

/**
 * Signs `content` (the PDF's byte ranges, in order) and returns the DER
 * ContentInfo that goes into the signature's /Contents.
 */
export async function createDetachedCms(
  content: readonly Buffer[],
  signer: CmsSigner,
): Promise<Buffer> {
  if (signer.privateKey.asymmetricKeyType !== "rsa") {
    throw new Error("the signing key must be RSA");
  }
  const certificate = parsedCertificate(signer.certificateDer);
  const signedAttributes = inDerOrder([
    new pkijs.Attribute({
      type: OID.contentType,
      values: [new asn1js.ObjectIdentifier({ value: OID.data })],
    }),
    new pkijs.Attribute({
      type: OID.messageDigest,
      values: [
        new asn1js.OctetString({ valueHex: digestOf("sha256", content) }),
      ],
    }),
    // Binds the signer's certificate into what is signed, as PAdES asks.
    new pkijs.Attribute({
      type: OID.signingCertificateV2,
      values: [signingCertificateV2(signer.certificateDer)],
    }),
  ]);
  const signedData = new pkijs.SignedData({
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: OID.data,
    }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({
          issuer: certificate.issuer,
          serialNumber: certificate.serialNumber,
        }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          attributes: signedAttributes,
        }),
      }),
    ],
    certificates: [certificate, ...signer.chainDer.map(parsedCertificate)],
  });
  await signedData.sign(
    await signingKey(signer.privateKey),
    0,
    "SHA-256",
    undefined,
    engine,
  );
  const contentInfo = new pkijs.ContentInfo({
    contentType: OID.signedData,
    content: signedData.toSchema(true),
  });
  return Buffer.from(contentInfo.toSchema().toBER());
}

/** An upper bound of the CMS size, to size the PDF placeholder. */
export function cmsSizeEstimate(signer: CmsSigner): number {
  const certificates = [signer.certificateDer, ...signer.chainDer].reduce(
    (sum, cert) => sum + cert.length,
    0,
  );
  const issuer = parsedCertificate(signer.certificateDer).issuer.toSchema();
  // Attributes, algorithm ids and framing stay under 400 bytes; the RSA
  // signature is the modulus size (512 bytes covers RSA-4096).
  return certificates + issuer.toBER().byteLength + 400 + 512;
}

export type CmsVerdict =
  | {
      ok: true;
      signerCertificateDer: Buffer;
      digestAlgorithm: string;
      /** The signing-time attribute when a signer includes one. */
      signingTime?: Date;
    }
  | {
      ok: false;
      reason:
        | "malformed"
        | "unsupported"
        | "signer_missing"
        | "digest_mismatch"
        | "signature_invalid";
      detail: string;
      signerCertificateDer?: Buffer;
    };

interface ReceivedSignedData {
  signedData: pkijs.SignedData;
  /** The certificates exactly as received, in the order pkijs lists them. */
  certificatesDer: Buffer[];
}

/**
 * Parses untrusted bytes. asn1js bounds the work (nesting depth, node
 * count, lengths); whatever does not fit the schema throws.
 */
function parseSignedData(cmsDer: Buffer): ReceivedSignedData {
  const { offset, result } = asn1js.fromBER(cmsDer);
  if (offset === -1) throw new Error(result.error || "not DER");
  const contentInfo = new pkijs.ContentInfo({ schema: result });
  if (contentInfo.contentType !== OID.signedData) {
    throw new Error("not a CMS SignedData");
  }
  const signedDataBlock = contentInfo.content as asn1js.Sequence;
  const signedData = new pkijs.SignedData({ schema: signedDataBlock });
  // A fingerprint is of the bytes received, not of pkijs's re-encoding.
  const certificateSet = signedDataBlock.valueBlock.value.find(
    (block) => block.idBlock.tagClass === 3 && block.idBlock.tagNumber === 0,
  );
  const certificatesDer =
    certificateSet instanceof asn1js.Constructed
      ? certificateSet.valueBlock.value.map((block) =>
          Buffer.from(block.valueBeforeDecodeView),
        )
      : [];
  return { signedData, certificatesDer };
}

const attributeValue = (
  attributes: readonly pkijs.Attribute[],
  oid: string,
): unknown => attributes.find((attribute) => attribute.type === oid)?.values[0];

/** Callers read the certificate with node:crypto, which is stricter than pkijs. */
function readableByNode(certificateDer: Buffer): boolean {
  try {
    new X509Certificate(certificateDer);
    return true;
  } catch {
    return false;
  }
}

const toArrayBuffer = (bytes: Buffer): ArrayBuffer =>
  new Uint8Array(bytes).buffer;

/**
 * Verifies a detached CMS SignedData over `content`: the message digest,
 * the signature over the signed attributes, and that the signer's
 * certificate is inside. Whether that certificate is trusted is the
 * caller's question. Never throws: bad input is a `malformed` verdict.
 */
export async function verifyDetachedCms(
  cmsDer: Buffer,
  content: readonly Buffer[],
): Promise<CmsVerdict> {
  let received: ReceivedSignedData;
  try {
    received = parseSignedData(cmsDer);
  } catch (error) {
    return {
      ok: false,
      reason: "malformed",
      detail: error instanceof Error ? error.message : String(error),
    };
  }
  const { signedData, certificatesDer } = received;
  const asReceived = (certificate: pkijs.Certificate | null | undefined) => {
    if (!certificate) return undefined;
    const index = signedData.certificates?.indexOf(certificate) ?? -1;
    const der = certificatesDer[index];
    return der && readableByNode(der) ? der : undefined;
  };

  const [signerInfo, ...otherSigners] = signedData.signerInfos;
  if (!signerInfo || otherSigners.length > 0) {
    return {
      ok: false,
      reason: "unsupported",
      detail: `expected one signer, found ${signedData.signerInfos.length}`,
    };
  }
  const digestAlgorithm = HASH_OF_OID[signerInfo.digestAlgorithm.algorithmId];
  if (!digestAlgorithm) {
    return {
      ok: false,
      reason: "unsupported",
      detail: "unsupported digest algorithm",
    };
  }
  if (signedData.encapContentInfo.eContent) {
    // pkijs would check the enclosed content instead of ours.
    return {
      ok: false,
      reason: "malformed",
      detail: "the signature is not detached",
    };
  }
  const attributes = signerInfo.signedAttrs?.attributes ?? [];
  const messageDigest = attributeValue(attributes, OID.messageDigest);
  if (signerInfo.signedAttrs) {
    const contentType = attributeValue(attributes, OID.contentType);
    if (
      !(contentType instanceof asn1js.ObjectIdentifier) ||
      contentType.getValue() !== OID.data ||
      !(messageDigest instanceof asn1js.OctetString)
    ) {
      return {
        ok: false,
        reason: "malformed",
        detail: "content-type or message-digest attribute missing",
      };
    }
  }

  let verdict: pkijs.SignedDataVerifyResult;
  try {
    verdict = await signedData.verify(
      {
        signer: 0,
        data: toArrayBuffer(Buffer.concat(content)),
        checkChain: false,
        extendedMode: true,
      },
      engine,
    );
  } catch (error) {
    if (!(error instanceof pkijs.SignedDataVerifyError)) {
      return { ok: false, reason: "malformed", detail: String(error) };
    }
    const signerCertificateDer = asReceived(error.signerCertificate);
    const withSigner = signerCertificateDer ? { signerCertificateDer } : {};
    // 2: no certificates at all; 3: none matches the signer's id.
    if (error.code === 2 || error.code === 3) {
      return {
        ok: false,
        reason: "signer_missing",
        detail: "the signer's certificate is not in the signature",
      };
    }
    const digestChanged =
      messageDigest instanceof asn1js.OctetString &&
      !digestOf(digestAlgorithm, content).equals(
        Buffer.from(messageDigest.valueBlock.valueHexView),
      );
    return digestChanged
      ? {
          ok: false,
          reason: "digest_mismatch",
          detail: "the signed bytes were changed after signing",
          ...withSigner,
        }
      : {
          ok: false,
          reason: "malformed",
          detail: error.message,
          ...withSigner,
        };
  }

  const signerCertificateDer = asReceived(verdict.signerCertificate);
  if (!signerCertificateDer) {
    return {
      ok: false,
      reason: "malformed",
      detail: "the signer's certificate is not a valid X.509 certificate",
    };
  }
  if (verdict.signatureVerified !== true) {
    return {
      ok: false,
      reason: "signature_invalid",
      detail: signerInfo.signedAttrs
        ? "the signature does not match the signed attributes"
        : "the signature does not match",
      signerCertificateDer,
    };
  }
  const time = attributeValue(attributes, OID.signingTime);
  const signingTime =
    time instanceof asn1js.UTCTime ? time.toDate() : undefined;
  return {
    ok: true,
    signerCertificateDer,
    digestAlgorithm,
    ...(signingTime && !Number.isNaN(signingTime.getTime())
      ? { signingTime }
      : {}),
  };
}
