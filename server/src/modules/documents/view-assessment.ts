import type {
  AssessmentPayloadFields,
  AssessmentResult,
} from "@shared/certificates";
import { maskIin } from "@shared/iin";
import { holderNameDigest } from "../../signing";
import type { Bilingual } from "./templates/certificate";
import {
  documentView,
  type DocumentDates,
  type DocumentFacts,
  type DocumentView,
} from "./view";

/**
 * Pure derivations for the assessment report: what its QR code states and
 * what its page shows. Its dates come from `documentDates` (it has no
 * validity, like a reference).
 */

/** The consistency index as the page prints it: two decimals, a comma. */
export const formatIndex = (index: number) =>
  (Math.round(index * 100) / 100).toFixed(2).replace(".", ",");

/** What the QR code states about the report (signed separately). */
export function assessmentPayloadFields(
  result: AssessmentResult,
  number: string,
  dates: DocumentDates,
  sample: boolean,
): Omit<AssessmentPayloadFields, "keyId"> {
  const { scales, rule, consistency } = result.profile;
  return {
    kind: "assessment",
    number,
    maskedIin: maskIin(result.iin),
    programId: result.programId,
    stens: scales.map((scale) => ({
      scaleId: scale.scaleId,
      sten: scale.sten,
    })),
    ...(rule ? { rule: { minSten: rule.minSten, met: rule.met } } : {}),
    ...(consistency.pairs > 0
      ? {
          consistency: {
            index: Math.round(consistency.index * 100) / 100,
            low: consistency.low,
          },
        }
      : {}),
    testDate: dates.testDate,
    sample,
    holderDigest: holderNameDigest(result.fullName),
  };
}

export interface AssessmentView extends DocumentView {
  kind: "assessment";
  /** In the program's order, as the QR code lists them. */
  scales: { scaleId: string; titles: Bilingual; sten: number }[];
  consistency:
    | { measured: false }
    | {
        measured: true;
        /** "0,82" */
        index: string;
        /** The program's minimum, "0,70". */
        minimum: string;
        low: boolean;
      };
  /** The program's rule and whether the profile meets it; absent: none. */
  rule?: { minSten: number; met: boolean };
}

/** Everything the report's page shows, formatted; the renderer only places it. */
export function assessmentView(
  result: AssessmentResult,
  facts: DocumentFacts,
): AssessmentView {
  const { scales, consistency, rule } = result.profile;
  return {
    ...documentView(result, facts),
    kind: "assessment",
    scales: scales.map((scale) => ({
      scaleId: scale.scaleId,
      titles: { kk: scale.titles.kk, ru: scale.titles.ru },
      sten: scale.sten,
    })),
    consistency:
      consistency.pairs > 0
        ? {
            measured: true,
            index: formatIndex(consistency.index),
            minimum: formatIndex(consistency.minimum),
            low: consistency.low,
          }
        : { measured: false },
    ...(rule ? { rule: { minSten: rule.minSten, met: rule.met } } : {}),
  };
}
