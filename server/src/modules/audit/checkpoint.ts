import { setImmediate } from "node:timers/promises";
import type { Redis } from "ioredis";
import type { AppContext } from "../../context";
import { loadInstallationKey } from "../../signing";
import {
  anchorsOf,
  continuesFrom,
  signCheckpoint,
  type AnchoredHashes,
  type AuditCheckpoint,
  type CheckpointLine,
  type ScopeAnchors,
} from "./anchor";
import type { ChainFields } from "./chain";
import {
  appendCheckpointLines,
  checkpointFilePath,
  readCheckpointLines,
} from "./checkpoint-file";
import { auditKeys, type AuditScope } from "./repository";

/** Anchored hashes per file line: ~65 bytes each keeps a line under 4 KB. */
const HASHES_PER_LINE = 40;

const HEAD_PATTERN = "audit:*:head";

interface Anchored {
  entryId: string;
  hash: string;
  count: number;
}

/**
 * The last checkpoint this process knows per scope, per checkpoint file
 * (loaded from the file once). Another worker's later checkpoint only costs
 * this one a re-check of entries it already signed.
 */
const lastAnchored = new Map<string, Promise<Map<string, Anchored>>>();

/** Serialises checkpointing in a process: the timer, sign-off and exports may overlap. */
let queue: Promise<unknown> = Promise.resolve();

function knownAnchors(file: string): Promise<Map<string, Anchored>> {
  let known = lastAnchored.get(file);
  if (!known) {
    known = readCheckpointLines(file).then(({ lines }) => {
      const byScope = new Map<string, Anchored>();
      for (const line of lines) {
        if (line.type !== "checkpoint") continue;
        const previous = byScope.get(line.scope);
        if (!previous || line.count >= previous.count) {
          byScope.set(line.scope, {
            entryId: line.entryId,
            hash: line.hash,
            count: line.count,
          });
        }
      }
      return byScope;
    });
    known.catch(() => lastAnchored.delete(file));
    lastAnchored.set(file, known);
  }
  return known;
}

const toChainFields = (id: string, flat: string[]): ChainFields => {
  const fields: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) {
    fields[flat[i] as string] = flat[i + 1] as string;
  }
  return {
    id,
    at: fields.at ?? "",
    actor: fields.actor ?? "",
    action: fields.action ?? "",
    subject: fields.subject ?? "",
    data: fields.data ?? "",
    prev: fields.prev ?? "",
    hash: fields.hash ?? "",
  };
};

/**
 * Entries read and checked per page, with the event loop given back in
 * between: the checkpoint runs beside the kiosks' answers, and a minute of
 * 10,000 admissions parsed and hashed in one go held it ~100 ms.
 */
const PAGE = 250;

/**
 * The ids and hashes of the entries after `previous` (or from the first)
 * up to `head`, read a page at a time and checked as they come: each links
 * to the one before and its hash is right. Only ids and hashes are kept, so
 * a minute of a busy slot (100,000 answers and more) never sits in memory
 * whole. Null when they do not chain up to the head (an entry changed or
 * gone, or a head that is not in the stream). Entries appended after the
 * head was read go to the next checkpoint.
 */
async function anchoredUpToHead(
  redis: Redis,
  stream: string,
  previous: Anchored | null,
  head: string,
): Promise<[id: string, hash: string][] | null> {
  const anchored: [string, string][] = [];
  let anchor: { hash: string } | null = previous;
  let start = previous ? `(${previous.entryId}` : "-";
  for (;;) {
    const page = (await redis.xrange(stream, start, "+", "COUNT", PAGE)).map(
      ([id, flat]) => toChainFields(id, flat),
    );
    const atHead = page.findIndex((entry) => entry.hash === head);
    const slice = atHead >= 0 ? page.slice(0, atHead + 1) : page;
    const last = slice.at(-1);
    if (!last || !continuesFrom(anchor, slice, last.hash)) return null;
    for (const entry of slice) anchored.push([entry.id, entry.hash]);
    if (atHead >= 0) return anchored;
    if (page.length < PAGE) return null;
    anchor = last;
    start = `(${last.id}`;
    await setImmediate();
  }
}

/** Every scope with a head key (Lua scripts and Node both write one per stream). */
async function scopesWithHeads(redis: Redis): Promise<AuditScope[]> {
  const scopes = new Set<AuditScope>();
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(
      cursor,
      "MATCH",
      HEAD_PATTERN,
      "COUNT",
      1000,
    );
    cursor = next;
    for (const key of keys) {
      scopes.add(key.slice("audit:".length, -":head".length) as AuditScope);
    }
  } while (cursor !== "0");
  return [...scopes];
}

export interface CheckpointOutcome {
  signed: AuditCheckpoint[];
  /** Scopes whose stream no longer continues from their last checkpoint. */
  refused: { scope: string; reason: string }[];
}

async function checkpointOnce(
  ctx: AppContext,
  scopes: AuditScope[] | undefined,
): Promise<CheckpointOutcome> {
  const file = checkpointFilePath(ctx.env.DATA_DIR);
  const known = await knownAnchors(file);
  const key = await loadInstallationKey(
    {
      dataDir: ctx.env.DATA_DIR,
      ...(ctx.env.CERT_QR_KEY_PATH
        ? { qrKeyPath: ctx.env.CERT_QR_KEY_PATH }
        : {}),
    },
    true,
  );
  const outcome: CheckpointOutcome = { signed: [], refused: [] };
  const lines: CheckpointLine[] = [];
  for (const scope of scopes ?? (await scopesWithHeads(ctx.redis))) {
    const keys = auditKeys(scope);
    const head = await ctx.redis.get(keys.head);
    const previous = known.get(scope) ?? null;
    if (head === null) {
      if (previous || (await ctx.redis.xlen(keys.stream)) > 0) {
        outcome.refused.push({ scope, reason: "its head key is missing" });
      }
      continue;
    }
    if (previous?.hash === head) continue;
    if (previous) {
      const [anchored] = await ctx.redis.xrange(
        keys.stream,
        previous.entryId,
        previous.entryId,
      );
      const still = anchored ? toChainFields(anchored[0], anchored[1]) : null;
      if (!still || still.hash !== previous.hash) {
        outcome.refused.push({
          scope,
          reason: `the checkpointed entry ${previous.entryId} is gone or changed`,
        });
        continue;
      }
    }
    const added = await anchoredUpToHead(
      ctx.redis,
      keys.stream,
      previous,
      head,
    );
    const last = added?.at(-1);
    if (!added || !last) {
      outcome.refused.push({
        scope,
        reason:
          "the entries since the last checkpoint do not chain up to the head",
      });
      continue;
    }
    for (let i = 0; i < added.length; i += HASHES_PER_LINE) {
      const hashes: AnchoredHashes = {
        type: "hashes",
        scope,
        entries: added.slice(i, i + HASHES_PER_LINE),
      };
      lines.push(hashes);
    }
    const checkpoint = signCheckpoint(
      {
        scope,
        entryId: last[0],
        hash: last[1],
        count: (previous?.count ?? 0) + added.length,
        at: new Date(ctx.clock.now()).toISOString(),
      },
      key,
    );
    lines.push(checkpoint);
    outcome.signed.push(checkpoint);
  }
  await appendCheckpointLines(file, lines);
  for (const checkpoint of outcome.signed) {
    known.set(checkpoint.scope, {
      entryId: checkpoint.entryId,
      hash: checkpoint.hash,
      count: checkpoint.count,
    });
  }
  for (const refusal of outcome.refused) {
    ctx.logger.error(
      refusal,
      "audit stream not checkpointed: history changed since its last checkpoint (run npm run audit:verify)",
    );
  }
  return outcome;
}

/**
 * Signs the head of every audit stream that changed since its last
 * checkpoint (or of `options.scopes` only) with the installation's Ed25519
 * key and appends it to `DATA_DIR/audit/checkpoints.jsonl`, after checking
 * that the new entries continue the checkpointed chain. The worker runs it
 * every AUDIT_CHECKPOINT_SECONDS; sign-off, the protocol and the archive
 * export run it for their slot.
 */
export function checkpointAuditStreams(
  ctx: AppContext,
  options: { scopes?: AuditScope[] } = {},
): Promise<CheckpointOutcome> {
  const run = queue.then(() => checkpointOnce(ctx, options.scopes));
  queue = run.catch(() => undefined);
  return run;
}

/** The checkpoints and anchored hashes of one scope, from the checkpoint file. */
export async function loadScopeAnchors(
  dataDir: string,
  scope: AuditScope,
): Promise<ScopeAnchors> {
  const { lines } = await readCheckpointLines(checkpointFilePath(dataDir));
  return anchorsOf(lines, scope);
}

/** Runs `checkpointAuditStreams` on a timer; returns a stop function. */
export function startAuditCheckpoints(ctx: AppContext): () => void {
  const timer = setInterval(() => {
    checkpointAuditStreams(ctx).catch((error: unknown) =>
      ctx.logger.error({ err: error }, "audit checkpoint failed"),
    );
  }, ctx.env.AUDIT_CHECKPOINT_SECONDS * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
