import type { StorageAlarm } from "@shared/realtime";
import type { Redis } from "ioredis";
import { isStorageFull } from "../errors";

const PROBE_KEY = "synaq:storage-probe";

export interface StorageProbe {
  current(): StorageAlarm;
  /** A write was just refused for memory: raise the alarm at once. */
  refused(): void;
  /** Called on every change of state; returns the unsubscribe. */
  subscribe(listener: (alarm: StorageAlarm) => void): () => void;
  stop(): void;
}

/**
 * Watches whether Redis takes writes: every `intervalMs` it writes one
 * small expiring key. `maxmemory` with `noeviction` refuses it exactly when
 * it refuses an answer, so the alarm rises and clears with the real
 * condition, not an estimate from INFO.
 */
export function startStorageProbe(
  redis: Redis,
  options: {
    intervalMs: number;
    onChange?: (alarm: StorageAlarm, previous: StorageAlarm) => void;
  },
): StorageProbe {
  let alarm: StorageAlarm = { state: "ok", since: Date.now() };
  const listeners = new Set<(alarm: StorageAlarm) => void>();
  let stopped = false;
  const become = (state: StorageAlarm["state"]) => {
    if (stopped || alarm.state === state) return;
    const previous = alarm;
    alarm = { state, since: Date.now() };
    options.onChange?.(alarm, previous);
    for (const listener of listeners) listener(alarm);
  };
  let probing = false;
  const probe = async () => {
    if (probing) return;
    probing = true;
    try {
      await redis.set(PROBE_KEY, String(Date.now()), "PX", 60_000);
      become("ok");
    } catch (error) {
      become(isStorageFull(error) ? "full" : "unreachable");
    } finally {
      probing = false;
    }
  };
  const timer = setInterval(() => void probe(), options.intervalMs);
  timer.unref();
  void probe();
  return {
    current: () => alarm,
    refused: () => become("full"),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      stopped = true;
      clearInterval(timer);
      listeners.clear();
    },
  };
}
