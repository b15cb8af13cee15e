/**
 * Kiosks: enrolled with a one-time code an operator creates for a seat,
 * then known by a device token. What the kiosk routes take and answer.
 */
import { z } from "zod";

const LocalizedName = z.object({
  kk: z.string(),
  ru: z.string(),
  en: z.string(),
});

/** A kiosk and the seat, room and center it is bound to. */
export const KioskSchema = z
  .object({
    id: z.string(),
    seatId: z.string(),
    seatLabel: z.string(),
    roomId: z.string(),
    roomName: z.string(),
    roomNames: LocalizedName.describe("The room's name in each language"),
    centerId: z.string(),
    centerName: LocalizedName,
    /** The center's IANA zone, for the kiosk's clock and dates. */
    timezone: z.string(),
  })
  .meta({ id: "Kiosk" });
export type Kiosk = z.infer<typeof KioskSchema>;

/** One kiosk of GET /kiosks: with its enrollment, connection and last heartbeat. */
export const KioskRowSchema = KioskSchema.extend({
  enrolledAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime().nullable(),
  connected: z.boolean(),
  revoked: z.boolean(),
  deviceName: z.string(),
}).meta({ id: "KioskRow" });
export type KioskRow = z.infer<typeof KioskRowSchema>;

/** POST /kiosks/enrollment-codes. */
export const EnrollmentCodeRequestSchema = z.object({
  seatId: z.string().min(1).max(100),
});
export type EnrollmentCodeRequest = z.infer<typeof EnrollmentCodeRequestSchema>;

/** A one-time code that enrolls the next kiosk for a seat (shown once). */
export const EnrollmentCodeSchema = z
  .object({
    code: z.string().describe("XXXX-XXXX, read out to the kiosk"),
    seatId: z.string(),
    expiresAt: z.iso.datetime(),
  })
  .meta({ id: "EnrollmentCode" });
export type EnrollmentCode = z.infer<typeof EnrollmentCodeSchema>;

/** POST /kiosks/enroll: a kiosk redeems the code. */
export const EnrollRequestSchema = z.object({
  code: z.string().min(4).max(20),
  deviceName: z.string().max(100).optional(),
});
export type EnrollRequest = z.infer<typeof EnrollRequestSchema>;

/** The device token (shown once, stored hashed) and the kiosk it makes. */
export const EnrollmentSchema = z
  .object({ token: z.string(), kiosk: KioskSchema })
  .meta({ id: "Enrollment" });
export type Enrollment = z.infer<typeof EnrollmentSchema>;

/** GET /kiosks/me: the calling kiosk. */
export const KioskMeSchema = z
  .object({ kiosk: KioskSchema })
  .meta({ id: "KioskMe" });
export type KioskMe = z.infer<typeof KioskMeSchema>;

/** POST /kiosks/:kioskId/revoke: the seat it was bound to. */
export const KioskRevokedSchema = z
  .object({ ok: z.literal(true), seatId: z.string() })
  .meta({ id: "KioskRevoked" });
export type KioskRevoked = z.infer<typeof KioskRevokedSchema>;
