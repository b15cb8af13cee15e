import { useEffect, useState } from "react";
import { ask, type KioskSocket } from "./socket";

/**
 * The kiosk shows server time, never its own clock: a kiosk's clock may be
 * wrong or changed (DESIGN.md §3). We sample the server's time over the
 * socket and keep `offset = serverTime − localTime`.
 */

export interface TimeSample {
  /** Local time when the request left. */
  sentAt: number;
  /** The server's time when it answered. */
  serverNow: number;
  /** Local time when the answer arrived. */
  receivedAt: number;
}

/**
 * The offset one sample implies, assuming the answer was taken halfway
 * through the round trip (the NTP assumption).
 */
export function sampleOffset(sample: TimeSample): number {
  return sample.serverNow - (sample.sentAt + sample.receivedAt) / 2;
}

/**
 * The median of the samples' offsets: one sample delayed by a busy network
 * or a garbage collection does not move the result.
 */
export function medianOffset(samples: readonly TimeSample[]): number {
  if (samples.length === 0) throw new Error("no time samples");
  const offsets = samples.map(sampleOffset).sort((a, b) => a - b);
  const middle = Math.floor(offsets.length / 2);
  return offsets.length % 2 === 1
    ? (offsets[middle] ?? 0)
    : ((offsets[middle - 1] ?? 0) + (offsets[middle] ?? 0)) / 2;
}

/**
 * Local time that the kiosk's wall clock cannot move: the page's time
 * origin plus a monotonic counter. Setting the system clock (or
 * `Date.now`) forward changes nothing shown, since every offset is
 * measured against this.
 */
export function monotonicNow(): number {
  return performance.timeOrigin + performance.now();
}

const SAMPLE_TIMEOUT_MS = 3_000;

/** Takes `count` samples one after another; failed ones are skipped. */
export async function measureOffset(
  socket: KioskSocket,
  count = 5,
  now: () => number = monotonicNow,
): Promise<number | null> {
  const samples: TimeSample[] = [];
  for (let i = 0; i < count; i++) {
    const sentAt = now();
    try {
      const reply = await ask(socket, SAMPLE_TIMEOUT_MS, "time.sync");
      if (reply.ok) {
        samples.push({ sentAt, serverNow: reply.serverNow, receivedAt: now() });
      }
    } catch {
      // Timed out: the next sample may get through.
    }
  }
  return samples.length > 0 ? medianOffset(samples) : null;
}

const RESYNC_MS = 60_000;

/**
 * The server-time offset for a connected socket: measured on every
 * (re)connect and once a minute; null until the first measurement.
 */
export function useServerOffset(socket: KioskSocket): number | null {
  const [offset, setOffset] = useState<number | null>(null);
  useEffect(() => {
    let cancelled = false;
    const sync = () => {
      if (!socket.connected) return;
      void measureOffset(socket).then((measured) => {
        if (!cancelled && measured !== null) setOffset(measured);
      });
    };
    socket.on("connect", sync);
    sync();
    const timer = window.setInterval(sync, RESYNC_MS);
    return () => {
      cancelled = true;
      socket.off("connect", sync);
      window.clearInterval(timer);
    };
  }, [socket]);
  return offset;
}

/** The server's time now, ticking every second; null until synced. */
export function useServerNow(offset: number | null): number | null {
  const [now, setNow] = useState(monotonicNow);
  useEffect(() => {
    const shift = offset ?? 0;
    // Tick on the server's second boundary so the minute flips on time.
    const untilNextSecond = () => 1000 - ((monotonicNow() + shift) % 1000);
    let timer = window.setTimeout(function tick() {
      setNow(monotonicNow());
      timer = window.setTimeout(tick, untilNextSecond());
    }, untilNextSecond());
    return () => window.clearTimeout(timer);
  }, [offset]);
  return offset === null ? null : now + offset;
}
