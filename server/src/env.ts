import { BlockList, isIP } from "node:net";
import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((value) => value === "true" || value === "1" || value === "yes");

/** A comma-separated list of addresses and CIDR blocks (IPv4 or IPv6). */
const addressList = z
  .string()
  .default("")
  .transform((value, ctx) => {
    const entries = value
      .split(",")
      .map((entry) => entry.trim())
      .filter((entry) => entry !== "");
    for (const entry of entries) {
      const [address = "", prefix, ...rest] = entry.split("/");
      const family = isIP(address);
      const bits = prefix === undefined ? undefined : Number(prefix);
      const validPrefix =
        bits === undefined ||
        (Number.isInteger(bits) &&
          bits >= 0 &&
          bits <= (family === 6 ? 128 : 32));
      if (family === 0 || rest.length > 0 || !validPrefix) {
        ctx.addIssue({
          code: "custom",
          message: `"${entry}" is not an address or CIDR block`,
        });
      }
    }
    return entries;
  });

/** Whether an address falls in a list of addresses and CIDR blocks. */
export function addressMatcher(
  entries: readonly string[],
): (address: string) => boolean {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", prefix] = entry.split("/");
    const type = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return (candidate) => {
    const plain =
      candidate.startsWith("::ffff:") && isIP(candidate.slice(7)) === 4
        ? candidate.slice(7)
        : candidate;
    const family = isIP(plain);
    if (family === 0) return false;
    return list.check(plain, family === 6 ? "ipv6" : "ipv4");
  };
}

const SERVICES = ["web", "realtime", "worker"] as const;
export type ServiceRole = (typeof SERVICES)[number];

/** Every setting Synaq reads from the environment, with its default. */
export const EnvSchema = z.object({
  NODE_ENV: z
    .enum(["development", "production", "test"])
    .default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default("0.0.0.0"),
  PUBLIC_URL: z.url().optional(),
  REDIS_URL: z
    .string()
    .regex(
      /^(rediss?|redis\+sentinel):\/\//,
      "must start with redis://, rediss:// or redis+sentinel://",
    )
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
  /** A session ends this long after sign-in, however active. */
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(72).default(12),
  /** Wrong passwords per account per 15 minutes (from outside STAFF_NETWORKS). */
  LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(5),
  /** Wrong passwords per client address per 15 minutes, whatever the account. */
  LOGIN_MAX_ATTEMPTS_PER_ADDRESS: z.coerce.number().int().min(1).default(20),
  /** The center's own network (CIDRs): a lock-out caused from outside never locks out sign-ins from here. */
  STAFF_NETWORKS: addressList,
  /** Proxies (addresses or CIDRs) whose X-Forwarded-For is believed; none by default. */
  TRUST_PROXY: addressList,
  /** Bearer token that /metrics requires when set. */
  METRICS_TOKEN: z.string().min(16, "at least 16 characters").optional(),
  /** maxmemory of the embedded Redis (e.g. 4gb, 512mb); default a quarter of the machine's memory. */
  REDIS_MAXMEMORY: z
    .string()
    .regex(
      /^\d+(kb|mb|gb)?$/i,
      "a size such as 4gb, 512mb or a number of bytes",
    )
    .optional(),
  /** How often a changing audit stream's head is signed and kept outside Redis. */
  AUDIT_CHECKPOINT_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(60),
  ANSWER_GRACE_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  /**
   * An outage (no realtime process alive, or Redis unreachable) gives its
   * time back to each running attempt that lost more than this (seconds).
   */
  OUTAGE_CREDIT_MIN_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(30),
  /**
   * A kiosk disconnect shorter than this (seconds) that the kiosk recovered
   * from with nothing lost is closed by itself (`incident.auto_closed`);
   * 0: every disconnect waits for staff.
   */
  INCIDENT_AUTOCLOSE_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(3600)
    .default(60),
  /** Incidents of a seat this close together (seconds) are one episode. */
  INCIDENT_EPISODE_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(300),
  ADMISSION_LEAD_MINUTES: z.coerce.number().int().min(0).max(240).default(60),
  SOCKET_AUTH_TIMEOUT_MS: z.coerce.number().int().min(100).default(1_000),
  BANKS_DIR: z.string().min(1).optional(),
  START_MODE: z.enum(["candidate", "administrator"]).default("candidate"),
  /**
   * Who may go on before the slot's start time: nobody (`never`), an
   * administrator for a seat or the room (`administrator`, audited), or the
   * candidate themselves (`candidate`). Until then an admitted candidate waits.
   */
  EARLY_START: z
    .enum(["never", "administrator", "candidate"])
    .default("administrator"),
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
    .regex(
      /^[0-9a-fA-F]{64}$/,
      "the Config Key of the center's SEB settings: 64 hex characters",
    )
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
          ctx.addIssue({
            code: "custom",
            message: `"${day}" is not YYYY-MM-DD`,
          });
        }
      }
      return days;
    }),
  /** Working days after filing within which a complaint is decided (same holidays as appeals). */
  COMPLAINT_DEADLINE_WORKING_DAYS: z.coerce
    .number()
    .int()
    .min(0)
    .max(60)
    .default(5),
  /** Analytics: discrimination below this (and ≥ 0) is flagged as near zero. */
  ANALYTICS_MIN_DISCRIMINATION: z.coerce.number().min(0).max(1).default(0.1),
  /** Analytics: kk and ru facility differing by more than this is flagged. */
  ANALYTICS_LANGUAGE_MARGIN: z.coerce.number().min(0).max(1).default(0.15),
  /** Analytics: items drawn fewer times (per language, for the comparison) are not flagged. */
  ANALYTICS_MIN_DRAWN: z.coerce.number().int().min(1).default(10),
  /** Analytics: wait after a result becomes official, so a slot's sign-off is one run. */
  ANALYTICS_DELAY_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(600_000)
    .default(3_000),
  /** How long personal data is kept (days after the test); data:purge's default cut. */
  RETENTION_DAYS: z.coerce.number().int().min(1).default(1825),
  /** E-mail to candidates: smtp:// or smtps://user:pass@host:port; unset: the console's outbox. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must start with smtp:// or smtps://")
    .optional(),
  /** The From of e-mails to candidates, e.g. "Testing center <noreply@center.kz>". */
  MAIL_FROM: z.string().min(3).max(254).default("Synaq <noreply@localhost>"),
  /** SMS to candidates: the center's gateway, a JSON POST {id, phone, text}; unset: the outbox. */
  SMS_WEBHOOK_URL: z.url().optional(),
  /** Sent to the SMS gateway as `Authorization: Bearer <token>`. */
  SMS_WEBHOOK_TOKEN: z.string().min(16, "at least 16 characters").optional(),
  /** How long one delivery (SMTP session or gateway call) may take. */
  NOTIFY_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(120_000)
    .default(15_000),
  /** Delivery attempts of one message before it is `failed`. */
  NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** The first retry's wait; each next one doubles it (10 s … about 21 min by the 8th). */
  NOTIFY_RETRY_DELAY_MS: z.coerce
    .number()
    .int()
    .min(10)
    .max(3_600_000)
    .default(10_000),
  /**
   * Where finished slots' archive files go (default DATA_DIR/archive). Every
   * web and worker host must see the same directory (NFS or similar), and
   * backups must include it.
   */
  ARCHIVE_DIR: z.string().min(1).optional(),
  /** Days a closed slot stays in Redis after its appeal window before it is archived. */
  ARCHIVE_AFTER_DAYS: z.coerce.number().int().min(0).max(3650).default(0),
  /** Keys deleted per round trip (UNLINK) when a slot is archived. */
  ARCHIVE_DELETE_CHUNK: z.coerce.number().int().min(1).max(10_000).default(200),
  /**
   * Local hours (CENTER_TIMEZONE) in which the archive sweep queues slots,
   * `HH-HH`, end exclusive, may wrap midnight (`22-04`); `00-24` all day.
   * Outside them it queues nothing: archival never competes with a test day.
   */
  ARCHIVE_HOURS: z
    .string()
    .regex(
      /^([01][0-9]|2[0-4])-([01][0-9]|2[0-4])$/,
      "HH-HH, e.g. 01-05 (local hours, end exclusive)",
    )
    .refine((hours) => hours.slice(0, 2) !== hours.slice(3), "an empty window")
    .default("01-05"),
  /** Slots the archive sweep queues at most per run (the rest wait an hour). */
  ARCHIVE_SWEEP_LIMIT: z.coerce.number().int().min(1).max(100_000).default(200),
  /**
   * Days after a document's issue when its hand-over stops holding the slot
   * in Redis: a candidate who never came (or data from before hand-overs
   * were recorded) is archived with the hand-over absent.
   */
  ARCHIVE_HANDOVER_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
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
