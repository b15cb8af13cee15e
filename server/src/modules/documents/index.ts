/**
 * Public interface of the documents module.
 *
 * PDF rendering: certificates, references, the slot protocol, the booking
 * receipt, their templates and fonts. Uses signing (infrastructure) only.
 */
export { createPdf, pdfToBuffer, qrPng } from "./pdf";
export {
  certificateSignatureMeta,
  renderCertificatePdf,
} from "./render-certificate";
export { renderProtocolPdf } from "./render-protocol";
export { renderReceipt } from "./render-receipt";
export { SAMPLE_POSITION, sampleOfficialResult } from "./sample-data";
export {
  certificateView,
  documentDates,
  localTime,
  payloadFields,
  publicRecord,
  validUntilOf,
} from "./view";
