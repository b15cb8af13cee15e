import {
  createHash,
  sign,
  verify,
  X509Certificate,
  type KeyObject,
} from "node:crypto";
import {
  childAt,
  children,
  decodeOid,
  der,
  DerError,
  readTlv,
  TAG,
  type DerNode,
} from "./der";

/**
 * Detached CMS SignedData (RFC 5652) as PAdES wants it: SHA-256, signed
 * attributes content-type, message-digest and ESS signing-certificate-v2,
 * no signing-time attribute (PAdES puts the time in the signature
 * dictionary's /M). Signed with node:crypto, so one signature costs about a
 * millisecond instead of node-forge's pure-JS RSA.
 */

export const OID = {
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingTime: "1.2.840.113549.1.9.5",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
  rsaEncryption: "1.2.840.113549.1.1.1",
  sha256: "2.16.840.1.101.3.4.2.1",
  sha384: "2.16.840.1.101.3.4.2.2",
  sha512: "2.16.840.1.101.3.4.2.3",
} as const;

const HASH_OF_OID: Record<string, string> = {
  [OID.sha256]: "sha256",
  [OID.sha384]: "sha384",
  [OID.sha512]: "sha512",
};

export interface CmsSigner {
  privateKey: KeyObject;
  certificateDer: Buffer;
  /** Intermediate certificates, sent along so verifiers can build a path. */
  chainDer: readonly Buffer[];
}

/** A certificate's issuer Name and serial INTEGER, byte for byte. */
export function issuerAndSerial(certificateDer: Buffer): {
  issuer: Buffer;
  serial: Buffer;
} {
  const certificate = readTlv(certificateDer);
  const tbs = childAt(certificate, 0, TAG.sequence);
  const items = children(tbs);
  const first = items[0]?.tag === 0xa0 ? 1 : 0; // [0] version is optional
  const serial = items[first];
  const issuer = items[first + 2];
  if (serial?.tag !== TAG.integer || issuer?.tag !== TAG.sequence) {
    throw new DerError("not an X.509 certificate");
  }
  return { issuer: issuer.raw, serial: serial.raw };
}

const algorithm = (oid: string) => der.sequence(der.oid(oid), der.null());
const attribute = (oid: string, value: Buffer) =>
  der.sequence(der.oid(oid), der.setOf(value));

function digestOf(algorithmName: string, content: readonly Buffer[]): Buffer {
  const hash = createHash(algorithmName);
  for (const part of content) hash.update(part);
  return hash.digest();
}

/** The signed-attributes bytes a signature covers: the [0] retagged as SET. */
const asSignedSet = (signedAttrs: DerNode) =>
  Buffer.concat([Buffer.from([TAG.set]), signedAttrs.raw.subarray(1)]);

/**
 * Signs `content` (the PDF's byte ranges, in order) and returns the DER
 * ContentInfo that goes into the signature's /Contents.
 */
export function createDetachedCms(
  content: readonly Buffer[],
  signer: CmsSigner,
): Buffer {
  if (signer.privateKey.asymmetricKeyType !== "rsa") {
    throw new Error("the signing key must be RSA");
  }
  const { issuer, serial } = issuerAndSerial(signer.certificateDer);
  const certificateHash = createHash("sha256")
    .update(signer.certificateDer)
    .digest();
  const signedAttributes = [
    attribute(OID.contentType, der.oid(OID.data)),
    attribute(OID.messageDigest, der.octetString(digestOf("sha256", content))),
    // ESSCertIDv2 with the default hash (SHA-256): binds the signer's
    // certificate into what is signed, as PAdES asks.
    attribute(
      OID.signingCertificateV2,
      der.sequence(
        der.sequence(der.sequence(der.octetString(certificateHash))),
      ),
    ),
  ];
  const signedSet = der.setOf(...signedAttributes);
  const signature = sign("sha256", signedSet, signer.privateKey);
  const signedAttrsImplicit = Buffer.concat([
    Buffer.from([0xa0]),
    signedSet.subarray(1),
  ]);

  const signerInfo = der.sequence(
    der.integer(1),
    der.sequence(issuer, serial),
    algorithm(OID.sha256),
    signedAttrsImplicit,
    algorithm(OID.rsaEncryption),
    der.octetString(signature),
  );
  const signedData = der.sequence(
    der.integer(1),
    der.setOf(algorithm(OID.sha256)),
    der.sequence(der.oid(OID.data)),
    der.contextConstructed(0, signer.certificateDer, ...signer.chainDer),
    der.setOf(signerInfo),
  );
  return der.sequence(
    der.oid(OID.signedData),
    der.contextConstructed(0, signedData),
  );
}

/** An upper bound of the CMS size, to size the PDF placeholder. */
export function cmsSizeEstimate(signer: CmsSigner): number {
  const certificates = [signer.certificateDer, ...signer.chainDer].reduce(
    (sum, cert) => sum + cert.length,
    0,
  );
  const { issuer } = issuerAndSerial(signer.certificateDer);
  // Attributes, algorithm ids and framing stay under 400 bytes; the RSA
  // signature is the modulus size (512 bytes covers RSA-4096).
  return certificates + issuer.length + 400 + 512;
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

function attributeValue(
  signedAttrs: DerNode,
  oid: string,
): DerNode | undefined {
  for (const attr of children(signedAttrs)) {
    if (decodeOid(childAt(attr, 0, TAG.oid)) === oid) {
      return childAt(childAt(attr, 1, TAG.set), 0);
    }
  }
  return undefined;
}

function parseTime(node: DerNode): Date | undefined {
  const text = node.content.toString("latin1");
  const match =
    node.tag === TAG.utcTime
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text)
      : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const year = node.tag === TAG.utcTime ? (y < 50 ? 2000 + y : 1900 + y) : y;
  return new Date(Date.UTC(year, mo - 1, d, h, mi, s));
}

/**
 * Verifies a detached CMS SignedData over `content`: the message digest,
 * the signature over the signed attributes, and that the signer's
 * certificate is inside. Whether that certificate is trusted is the
 * caller's question.
 */
export function verifyDetachedCms(
  cmsDer: Buffer,
  content: readonly Buffer[],
): CmsVerdict {
  let signerCertificateDer: Buffer | undefined;
  try {
    const contentInfo = readTlv(cmsDer);
    if (decodeOid(childAt(contentInfo, 0, TAG.oid)) !== OID.signedData) {
      return { ok: false, reason: "malformed", detail: "not a CMS SignedData" };
    }
    const signedData = childAt(childAt(contentInfo, 1, 0xa0), 0, TAG.sequence);
    const items = children(signedData);
    const certificateSet = items.find((item) => item.tag === 0xa0);
    const signerInfos = items[items.length - 1];
    if (signerInfos?.tag !== TAG.set) {
      return { ok: false, reason: "malformed", detail: "no signer infos" };
    }
    const signers = children(signerInfos);
    if (signers.length !== 1) {
      return {
        ok: false,
        reason: "unsupported",
        detail: `expected one signer, found ${signers.length}`,
      };
    }
    const signerInfo = children(signers[0] as DerNode);
    const [, sid, digestAlgorithmNode] = signerInfo;
    const signedAttrs = signerInfo.find((item) => item.tag === 0xa0);
    const signatureNode = signerInfo[signerInfo.length - 1];
    if (
      !sid ||
      !digestAlgorithmNode ||
      signatureNode?.tag !== TAG.octetString
    ) {
      return {
        ok: false,
        reason: "malformed",
        detail: "incomplete signer info",
      };
    }
    const digestAlgorithm =
      HASH_OF_OID[decodeOid(childAt(digestAlgorithmNode, 0, TAG.oid))];
    if (!digestAlgorithm) {
      return {
        ok: false,
        reason: "unsupported",
        detail: "unsupported digest algorithm",
      };
    }

    // The signer is named by issuer and serial; find that certificate.
    const certificates = certificateSet
      ? children(certificateSet).map((node) => node.raw)
      : [];
    signerCertificateDer = certificates.find((certificate) => {
      const { issuer, serial } = issuerAndSerial(certificate);
      return (
        sid.tag === TAG.sequence &&
        Buffer.concat([issuer, serial]).equals(sid.content)
      );
    });
    if (!signerCertificateDer) {
      return {
        ok: false,
        reason: "signer_missing",
        detail: "the signer's certificate is not in the signature",
      };
    }
    const publicKey = new X509Certificate(signerCertificateDer).publicKey;
    const digest = digestOf(digestAlgorithm, content);

    if (!signedAttrs) {
      // Without signed attributes the signature covers the content itself.
      const intact = verify(
        digestAlgorithm,
        Buffer.concat(content),
        publicKey,
        signatureNode.content,
      );
      return intact
        ? { ok: true, signerCertificateDer, digestAlgorithm }
        : {
            ok: false,
            reason: "signature_invalid",
            detail: "the signature does not match",
            signerCertificateDer,
          };
    }

    const contentType = attributeValue(signedAttrs, OID.contentType);
    const messageDigest = attributeValue(signedAttrs, OID.messageDigest);
    if (
      !contentType ||
      decodeOid(contentType) !== OID.data ||
      messageDigest?.tag !== TAG.octetString
    ) {
      return {
        ok: false,
        reason: "malformed",
        detail: "content-type or message-digest attribute missing",
      };
    }
    if (!messageDigest.content.equals(digest)) {
      return {
        ok: false,
        reason: "digest_mismatch",
        detail: "the signed bytes were changed after signing",
        signerCertificateDer,
      };
    }
    if (
      !verify(
        digestAlgorithm,
        asSignedSet(signedAttrs),
        publicKey,
        signatureNode.content,
      )
    ) {
      return {
        ok: false,
        reason: "signature_invalid",
        detail: "the signature does not match the signed attributes",
        signerCertificateDer,
      };
    }
    const timeNode = attributeValue(signedAttrs, OID.signingTime);
    const signingTime = timeNode ? parseTime(timeNode) : undefined;
    return {
      ok: true,
      signerCertificateDer,
      digestAlgorithm,
      ...(signingTime ? { signingTime } : {}),
    };
  } catch (error) {
    return {
      ok: false,
      reason: "malformed",
      detail: error instanceof Error ? error.message : String(error),
      ...(signerCertificateDer ? { signerCertificateDer } : {}),
    };
  }
}
