import type { AppContext } from "../../context";
import { beat, OUTAGE_BEAT_MS } from "./repository";
import { creditPendingOutages, minCreditMs } from "./service";

/**
 * The service heartbeat of one realtime process, and so the outage
 * detector: every OUTAGE_BEAT_MS it beats (outage-beat.lua). The first
 * beat after a time nobody beat (every realtime process dead, or Redis
 * unreachable) records that outage, and this process credits it at once;
 * one left half-credited (its process died) is finished by whichever
 * process beats next. Returns the stop function.
 */
export function startOutageHeartbeat(
  ctx: AppContext,
  processId: string,
): () => void {
  let beating = false;
  let crediting = false;
  const credit = async () => {
    crediting = true;
    try {
      await creditPendingOutages(ctx);
    } catch (error) {
      ctx.logger.error({ err: error }, "outage credit failed; retried");
    } finally {
      crediting = false;
    }
  };
  const once = async () => {
    // A command queued while Redis is away would only beat late, in a burst.
    if (beating || ctx.redis.status !== "ready") return;
    beating = true;
    try {
      const result = await beat(ctx.redis, {
        processId,
        minCreditMs: minCreditMs(ctx),
      });
      if (result.recorded) {
        ctx.logger.warn(
          { outage: result.recorded },
          "outage recorded: no realtime process served the kiosks (or Redis was unreachable) for this long",
        );
      }
      if (result.pending > 0 && !crediting) void credit();
    } catch (error) {
      ctx.logger.debug({ err: error }, "heartbeat not written");
    } finally {
      beating = false;
    }
  };
  void once();
  const timer = setInterval(() => void once(), OUTAGE_BEAT_MS);
  timer.unref();
  return () => clearInterval(timer);
}
