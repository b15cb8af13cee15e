import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((value) => value === "true" || value === "1" || value === "yes");

const SERVICES = ["web", "realtime", "worker"] as const;
export type ServiceRole = (typeof SERVICES)[number];

/** Every setting Synaq reads from the environment, with its default. */
export const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default("0.0.0.0"),
  PUBLIC_URL: z.url().optional(),
  REDIS_URL: z
    .string()
    .regex(/^(rediss?|redis\+sentinel):\/\//, "must start with redis://, rediss:// or redis+sentinel://")
    .optional(),
  DATA_DIR: z.string().min(1).default("./data"),
  SYNAQ_FSYNC: z.enum(["everysec", "always"]).default("everysec"),
  SYNAQ_SERVICES: z
    .string()
    .default("web,realtime,worker")
    .transform((value, ctx) => {
      const roles = value.split(",").map((role) => role.trim());
      for (const role of roles) {
        if (!(SERVICES as readonly string[]).includes(role)) {
          ctx.addIssue({
            code: "custom",
            message: `unknown service "${role}" (use ${SERVICES.join(", ")})`,
          });
        }
      }
      return [...new Set(roles)] as ServiceRole[];
    }),
  LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
    .default("info"),
  SEED_DEMO: bool.default(true),
  CENTER_TIMEZONE: z.string().min(1).default("Asia/Almaty"),
  SESSION_TTL_MINUTES: z.coerce.number().int().min(5).max(1440).default(480),
  LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(5),
  ANSWER_GRACE_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  ADMISSION_LEAD_MINUTES: z.coerce.number().int().min(0).max(240).default(60),
  SOCKET_AUTH_TIMEOUT_MS: z.coerce.number().int().min(100).default(1_000),
  BANKS_DIR: z.string().min(1).optional(),
  START_MODE: z.enum(["candidate", "administrator"]).default("candidate"),
  CERT_OUTPUT_DIR: z.string().min(1).default("certificates/output"),
  CERT_P12_PATH: z.string().min(1).optional(),
  CERT_P12_PASSPHRASE: z.string().default(""),
  CERT_VALIDITY_DAYS: z.coerce.number().int().min(1).default(365),
  /** PKCS#8 PEM Ed25519 key for QR payloads; made under DATA_DIR/keys if unset. */
  CERT_QR_KEY_PATH: z.string().min(1).optional(),
  RATE_LIMIT_PUBLIC_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  CLIENTS_DIST_CHECK: bool.default(true),
  SEB_CONFIG_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, "the Config Key of the center's SEB settings: 64 hex characters")
    .optional(),
  /** Working days after a result becomes official during which it can be appealed. */
  APPEAL_WINDOW_WORKING_DAYS: z.coerce.number().int().min(0).max(60).default(2),
  /** Public holidays (YYYY-MM-DD, comma-separated) that are not working days. */
  APPEAL_HOLIDAYS: z
    .string()
    .default("")
    .transform((value, ctx) => {
      const days = value
        .split(",")
        .map((day) => day.trim())
        .filter((day) => day !== "");
      for (const day of days) {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) {
          ctx.addIssue({ code: "custom", message: `"${day}" is not YYYY-MM-DD` });
        }
      }
      return days;
    }),
  /** Analytics: discrimination below this (and ≥ 0) is flagged as near zero. */
  ANALYTICS_MIN_DISCRIMINATION: z.coerce.number().min(0).max(1).default(0.1),
  /** Analytics: kk and ru facility differing by more than this is flagged. */
  ANALYTICS_LANGUAGE_MARGIN: z.coerce.number().min(0).max(1).default(0.15),
  /** Analytics: items drawn fewer times (per language, for the comparison) are not flagged. */
  ANALYTICS_MIN_DRAWN: z.coerce.number().int().min(1).default(10),
  /** Analytics: wait after a result becomes official, so a slot's sign-off is one run. */
  ANALYTICS_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(3_000),
  /** How long personal data is kept (days after the test); data:purge's default cut. */
  RETENTION_DAYS: z.coerce.number().int().min(1).default(1825),
});

export type Env = z.infer<typeof EnvSchema>;

/** Thrown with every problem found, so one restart fixes them all. */
export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    this.name = "EnvError";
  }
}

/** Reads and validates the environment once; fails listing all problems. */
export function loadEnv(
  source: Record<string, string | undefined> = process.env,
): Env {
  const relevant = Object.fromEntries(
    Object.entries(source).filter(
      ([key, value]) => key in EnvSchema.shape && value !== "",
    ),
  );
  const parsed = EnvSchema.safeParse(relevant);
  if (!parsed.success) {
    throw new EnvError(
      parsed.error.issues.map(
        (issue) => `${issue.path.join(".") || "env"}: ${issue.message}`,
      ),
    );
  }
  return parsed.data;
}
