import type { Socket } from "socket.io";
import type { AckCallback, RequestName, RequestResult } from "@shared/realtime";
import type { AppContext } from "../context";
import { isSynaqError, storageError } from "../errors";

/** What every socket offers underneath its typed events: the raw arguments. */
interface RawSocket {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
}

/** The client → server map of a typed socket. */
type ListenEvents<S> =
  S extends Socket<infer Events, infer _Emit, infer _Server, infer _Data>
    ? Events
    : never;

/** Whether a client's argument can be its ack. */
function isAck<T extends object>(value: unknown): value is AckCallback<T> {
  return typeof value === "function";
}

/**
 * Answers one request event of a socket, the realtime twin of
 * `defineRoute`: `handle` parses the payload (zod) and makes one service
 * call; its result is the reply, typed by the event map, so a handler
 * cannot answer what the clients do not expect.
 *
 * The map says what a well-behaved client sends, not what arrives: the
 * ack is the last argument whatever comes before it, the payload the first
 * one unless that is the ack, and `handle` gets it as `unknown`. A client
 * that sends a payload to an event that takes none, or none to one that
 * takes one, still gets its refusal instead of silence. Never throws:
 * refusals become `{ ok: false, error }`, anything else is logged and
 * answered `internal_error`.
 */
export function onRequest<
  S extends RawSocket,
  Event extends RequestName<ListenEvents<S>>,
>(
  ctx: AppContext,
  socket: S,
  event: Event,
  handle: (payload: unknown) => Promise<RequestResult<ListenEvents<S>[Event]>>,
): void {
  socket.on(event, (...args: unknown[]) => {
    const ack = args[args.length - 1];
    if (!isAck<RequestResult<ListenEvents<S>[Event]>>(ack)) return;
    const payload = typeof args[0] === "function" ? undefined : args[0];
    void reply(ctx, ack, () => handle(payload));
  });
}

/** Answers an ack with the result or the error id; never throws. */
async function reply<T extends object>(
  ctx: AppContext,
  ack: AckCallback<T>,
  work: () => Promise<T>,
): Promise<void> {
  try {
    ack({ ok: true, ...(await work()) });
  } catch (error) {
    const known = isSynaqError(error) ? error : storageError(error);
    if (known) {
      if (known.id === "storage_full") ctx.storage.refused();
      ack({ ok: false, error: { id: known.id, message: known.message } });
      return;
    }
    ctx.logger.error({ err: error }, "socket handler failed");
    ack({
      ok: false,
      error: {
        id: "internal_error",
        message: "Something went wrong on our side. It has been logged.",
      },
    });
  }
}
