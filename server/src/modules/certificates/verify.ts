import { createHash, X509Certificate, type KeyObject } from "node:crypto";
import type {
  AssessmentPayloadFields,
  CertificateKeys,
  QrPayloadFields,
  VerifyReason,
} from "@shared/certificates";
import {
  qrPublicKeyFromRaw,
  readEmbeddedPayload,
  readPdfSignature,
  verifyDetachedCms,
  verifyQrPayload,
} from "../../signing";

/**
 * Offline checks of a signed PDF against the keys a verifier trusts: the
 * CMS signature over the byte ranges, the signer's certificate, and the
 * Ed25519-signed QR payload kept in the document. Shared by the API
 * (POST /certificates/verify-pdf) and `npm run cert:verify`.
 */

export interface TrustAnchors {
  /** Certificate SHA-256 fingerprint (hex) → what to say about it. */
  signers: ReadonlyMap<string, { subject: string; demo: boolean }>;
  /** QR key id → Ed25519 public key. */
  qrKeys: ReadonlyMap<string, KeyObject>;
}

/** Builds the trust anchors a verifier needs from the keys endpoint's answer. */
export function trustFromKeys(keys: CertificateKeys): TrustAnchors {
  return {
    signers: new Map(
      keys.signingCertificates.map((signer) => [
        signer.fingerprintSha256,
        { subject: signer.subject, demo: signer.demo },
      ]),
    ),
    qrKeys: new Map(
      keys.qrKeys.map((key) => [
        key.kid,
        qrPublicKeyFromRaw(Buffer.from(key.x, "base64url")),
      ]),
    ),
  };
}

export interface Check {
  id: "pdf_signature" | "signer" | "qr_payload";
  ok: boolean;
  message: string;
}

export interface PdfInspection {
  checks: Check[];
  /** Why it is not valid (stable ids); `sample` is listed here too. */
  reasons: VerifyReason[];
  signer?: { fingerprint: string; subject: string; demo: boolean };
  payload?: QrPayloadFields;
}

/**
 * What the payload says of validity: a certificate's last day; nothing for
 * a reference (one issued before still carries a date: not shown) or an
 * assessment report.
 */
export function payloadValidity(fields: QrPayloadFields): string {
  return fields.kind !== "assessment" &&
    fields.result === "passed" &&
    fields.validUntil !== undefined
    ? `, valid until ${fields.validUntil}`
    : "";
}

/**
 * What an assessment report's payload states, in one line: the stens in
 * the paper's order, the rule and the consistency.
 */
export function payloadProfile(fields: AssessmentPayloadFields): string {
  const stens = fields.stens
    .map((scale) => `${scale.scaleId} ${scale.sten}`)
    .join(", ");
  const rule = fields.rule
    ? `; ${fields.rule.met ? "meets" : "does not meet"} the program's requirement (no scale below sten ${fields.rule.minSten})`
    : "; a profile, not pass/fail";
  const consistency = fields.consistency
    ? `; consistency ${fields.consistency.index.toFixed(2)}${fields.consistency.low ? " (low: answers to similar statements differed)" : ""}`
    : "";
  return `stens ${stens}${rule}${consistency}`;
}

/** What a payload states about the result, as the checks print it. */
function payloadSummary(f: QrPayloadFields): string {
  return f.kind === "assessment"
    ? `${f.number}, ${f.maskedIin}, ${f.programId}, assessment report: ${payloadProfile(f)}, tested ${f.testDate}`
    : `${f.number}, ${f.maskedIin}, ${f.programId}, ${f.result}, ${f.correct}/${f.total}, tested ${f.testDate}${payloadValidity(f)}`;
}

export async function inspectSignedPdf(
  pdf: Buffer,
  trust: TrustAnchors,
): Promise<PdfInspection> {
  const checks: Check[] = [];
  const reasons: VerifyReason[] = [];
  const fail = (check: Check["id"], id: string, message: string) => {
    checks.push({ id: check, ok: false, message });
    reasons.push({ id, message });
  };
  const inspection: PdfInspection = { checks, reasons };

  const signature = readPdfSignature(pdf);
  if ("problem" in signature) {
    fail("pdf_signature", signature.problem, signature.detail);
  } else {
    const verdict = await verifyDetachedCms(
      signature.cms,
      signature.signedParts,
    );
    if (!verdict.ok) {
      fail(
        "pdf_signature",
        verdict.reason === "digest_mismatch" ||
          verdict.reason === "signature_invalid"
          ? "signature_invalid"
          : "malformed_signature",
        `The PDF signature is not valid: ${verdict.detail}.`,
      );
    } else if (!signature.wholeDocument || signature.signatureCount !== 1) {
      fail(
        "pdf_signature",
        "not_whole_document",
        "The signature is intact but does not cover the whole file: something was added after signing.",
      );
    } else {
      checks.push({
        id: "pdf_signature",
        ok: true,
        message: `CMS signature over the byte ranges is intact (${verdict.digestAlgorithm.toUpperCase()}); the whole document is signed.`,
      });
    }
    const certificateDer = verdict.signerCertificateDer;
    if (certificateDer) {
      const fingerprint = createHash("sha256")
        .update(certificateDer)
        .digest("hex");
      const known = trust.signers.get(fingerprint);
      const subject =
        known?.subject ??
        new X509Certificate(certificateDer).subject.split("\n").join(", ");
      inspection.signer = { fingerprint, subject, demo: known?.demo ?? false };
      if (known) {
        checks.push({
          id: "signer",
          ok: true,
          message: `Signed by ${subject} (SHA-256 ${fingerprint.slice(0, 16)}…), a certificate of this center${known.demo ? " — a DEMO key, not for official use" : ""}.`,
        });
      } else {
        fail(
          "signer",
          "signer_unknown",
          `Signed by ${subject} (SHA-256 ${fingerprint.slice(0, 16)}…), which is not a certificate of this center.`,
        );
      }
    }
  }

  const payload = readEmbeddedPayload(pdf);
  if (!payload) {
    fail(
      "qr_payload",
      "payload_missing",
      "The document carries no signed verification payload.",
    );
  } else {
    const verdict = verifyQrPayload(payload, trust.qrKeys);
    if (verdict.fields) inspection.payload = verdict.fields;
    if (verdict.ok) {
      const f = verdict.fields;
      checks.push({
        id: "qr_payload",
        ok: true,
        message: `QR payload signature (Ed25519, key ${f.keyId}) is valid: ${payloadSummary(f)}.`,
      });
    } else if (verdict.reason === "unknown_key") {
      fail(
        "qr_payload",
        "payload_key_unknown",
        `The QR payload is signed by a key this center does not know (${verdict.fields?.keyId ?? "?"}).`,
      );
    } else {
      fail(
        "qr_payload",
        "payload_invalid",
        "The QR payload's signature is not valid: it was changed.",
      );
    }
    if (verdict.fields?.sample) {
      reasons.push({
        id: "sample",
        message:
          "This is a SAMPLE document (a template preview), not an issued document.",
      });
    }
  }
  return inspection;
}
