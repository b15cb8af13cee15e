/**
 * Keys and signatures, below every domain module: the center's PKCS#12
 * signing identity and the installation's Ed25519 key (key-store,
 * installation-key), detached CMS (cms), PAdES signatures in PDFs
 * (pdf-signature) and the signed QR payload (qr-payload).
 */

export {
  cmsSizeEstimate,
  createDetachedCms,
  verifyDetachedCms,
  type CmsSigner,
  type CmsVerdict,
} from "./cms";
export {
  generateQrKeyPem,
  KeysUnavailableError,
  loadInstallationKey,
  publicKeyRaw,
  qrKeyFromPem,
  qrKeyId,
  type QrSigningKey,
} from "./installation-key";
export {
  DEMO_SIGNER,
  generateDemoP12,
  identityFromP12,
  keyFiles,
  keySettings,
  loadCenterKeys,
  qrPublicKeyFromRaw,
  type CenterKeys,
  type KeySettings,
  type SigningIdentity,
} from "./key-store";
export {
  endAndSign,
  PAYLOAD_INFO_KEY,
  readEmbeddedPayload,
  readPdfSignature,
  type PdfSignature,
  type PdfSignatureProblem,
  type SignatureMeta,
} from "./pdf-signature";
export {
  holderNameDigest,
  signQrPayload,
  verifyQrPayload,
  type QrPayloadVerdict,
} from "./qr-payload";
