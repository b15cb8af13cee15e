/**
 * Public interface of the documents module.
 *
 * PDF rendering: certificates, references, assessment reports, the slot
 * protocol, the booking receipt, the refusal slip, their templates and
 * fonts. Uses signing (infrastructure) only.
 */
export { createPdf, pdfToBuffer, qrPng } from "./pdf";
export {
  certificateSignatureMeta,
  renderCertificatePdf,
} from "./render-certificate";
export {
  assessmentSignatureMeta,
  renderAssessmentPdf,
} from "./render-assessment";
export { renderProtocolPdf } from "./render-protocol";
export { renderReceipt } from "./render-receipt";
export {
  complaintText,
  REFUSAL_REASON_TEXTS,
  renderRefusalSlip,
} from "./render-refusal";
export type { RefusalSlipContent } from "./render-refusal";
export {
  SAMPLE_POSITION,
  SAMPLE_PROFILE,
  sampleAssessmentResult,
  sampleOfficialResult,
} from "./sample-data";
export {
  certificateView,
  documentDates,
  localTime,
  payloadFields,
  publicRecord,
  validUntilOf,
} from "./view";
export { assessmentPayloadFields, assessmentView } from "./view-assessment";
