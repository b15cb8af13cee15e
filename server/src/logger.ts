import { pino, type Logger } from "pino";

export type { Logger };

/** JSON logs to stdout; one logger per process, children per module. */
export function createLogger(
  level: string,
  base: Record<string, unknown> = {},
) {
  return pino({
    level,
    base: { pid: process.pid, ...base },
    redact: {
      paths: ["req.headers.cookie", "req.headers.authorization", "password"],
      remove: true,
    },
  });
}
