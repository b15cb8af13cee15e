import { useEffect, useState } from "react";

/** The time now, refreshed every `everyMs`: for "open / closed" labels. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}

/**
 * The server's time now (this browser's clock corrected by the console's
 * `time.sync` offset), refreshed every `everyMs`: for countdowns.
 */
export function useServerNow(offsetMs: number, everyMs = 1_000): number {
  return useNow(everyMs) + offsetMs;
}
