import { z } from "zod";

/**
 * One entry of an audit stream, as stored: hash-chained to the entry
 * before it (`prev`), so a changed or removed entry breaks the chain. An
 * attempt's timeline (GET /attempts/:attemptId) is its entries.
 */
export const AuditEntrySchema = z
  .object({
    id: z.string().describe("The stream entry id"),
    at: z.number(),
    actor: z.string(),
    action: z.string(),
    subject: z.string(),
    data: z.record(z.string(), z.unknown()),
    prev: z.string().describe("The hash of the entry before"),
    hash: z.string(),
  })
  .meta({ id: "AuditEntry" });
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
