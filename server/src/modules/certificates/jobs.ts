import type { DocumentKind } from "@shared/certificates";
import type { AppContext } from "../../context";
import { loadOfficialResult } from "./repository";
import { issueDocument, type IssuedDocument } from "./service";

/**
 * The `certificate.issue` job: renders and signs the attempt's document
 * from the result the engine stored at `official:<attemptId>`. Idempotent
 * (issueDocument is), so BullMQ's at-least-once delivery is harmless.
 */
export async function runCertificateIssueJob(
  ctx: AppContext,
  payload: { attemptId: string },
): Promise<{ document: IssuedDocument; kind: DocumentKind }> {
  const result = await loadOfficialResult(ctx.redis, payload.attemptId);
  if (!result) {
    // Thrown so BullMQ retries with backoff: the engine may queue the job
    // a moment before its write of the result lands.
    throw new Error(
      `no official result stored for attempt ${payload.attemptId}`,
    );
  }
  return { document: await issueDocument(ctx, result), kind: result.kind };
}
