import { z } from "zod";
import { STAFF_ROLES, type StaffRole } from "./enums";

/**
 * Where a staff account acts: the centers it serves, or the whole network.
 * An account stored without one is `network` (accounts made before scopes
 * existed; a one-center installation sees no change).
 */
export const StaffScopeSchema = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("network") }),
    z.object({
      kind: z.literal("centers"),
      centerIds: z.array(z.string().min(1).max(64)).min(1).max(500),
    }),
  ])
  .meta({ id: "StaffScope" });
export type StaffScope = z.infer<typeof StaffScopeSchema>;

export const NETWORK_SCOPE: StaffScope = { kind: "network" };

/** Whether a scope covers a center. */
export function scopeCovers(scope: StaffScope, centerId: string): boolean {
  return scope.kind === "network" || scope.centerIds.includes(centerId);
}

/** Whether every center of `inner` is within `outer`. */
export function scopeWithin(inner: StaffScope, outer: StaffScope): boolean {
  if (outer.kind === "network") return true;
  return (
    inner.kind === "centers" &&
    inner.centerIds.every((centerId) => outer.centerIds.includes(centerId))
  );
}

/**
 * How far a role reaches when it creates accounts: hall roles and reviewers
 * below a center manager, a center manager below a network manager.
 */
export const ROLE_RANK: Record<StaffRole, number> = {
  administrator: 0,
  operator: 0,
  reviewer: 0,
  manager: 1,
  "network-manager": 2,
};

/** Usernames: lower-case letters, digits, `.`, `_` and `-`, 3 to 40 of them. */
export const USERNAME_PATTERN = /^[a-z0-9._-]{3,40}$/;

/** A staff account as the API shows it: never its password hash. */
export const StaffAccountSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    fullName: z.string(),
    role: z.enum(STAFF_ROLES),
    /** The centers the account serves, or the network. */
    scope: StaffScopeSchema,
    active: z.boolean(),
    /** Seeded by the demo; refused at sign-in in production. */
    demo: z.boolean(),
    /** After a manager's reset: the console shows only the password form. */
    mustChangePassword: z.boolean(),
    passwordChangedAt: z.number().int(),
  })
  .meta({ id: "Account" });
export type StaffAccount = z.infer<typeof StaffAccountSchema>;

/** The signed-in staff member and the CSRF token their unsafe requests echo. */
export const StaffSessionSchema = z
  .object({ account: StaffAccountSchema, csrfToken: z.string() })
  .meta({ id: "Session" });
export type StaffSession = z.infer<typeof StaffSessionSchema>;

/** POST /auth/login. */
export const LoginRequestSchema = z.object({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(200),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

/** POST /auth/password: one's own password. */
export const PasswordChangeRequestSchema = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(1).max(200),
});
export type PasswordChangeRequest = z.infer<typeof PasswordChangeRequestSchema>;

/** POST /accounts. */
export const AccountCreateRequestSchema = z.object({
  username: z.string().regex(USERNAME_PATTERN, "3–40 of a-z 0-9 . _ -"),
  fullName: z.string().trim().min(1).max(200),
  role: z.enum(STAFF_ROLES),
  password: z.string().min(1).max(200),
  /** Default: the creator's own scope. */
  scope: StaffScopeSchema.optional(),
});
export type AccountCreateRequest = z.input<typeof AccountCreateRequestSchema>;

/** A manager's reset: the temporary password is shown once. */
export const PasswordResetSchema = z
  .object({ account: StaffAccountSchema, temporaryPassword: z.string() })
  .meta({ id: "PasswordReset" });
export type PasswordReset = z.infer<typeof PasswordResetSchema>;
