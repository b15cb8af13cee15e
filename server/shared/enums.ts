/**
 * Staff roles. A manager configures their centers, a network manager all of
 * them; see the README access table.
 */
export const STAFF_ROLES = [
  "administrator",
  "operator",
  "manager",
  "reviewer",
  "network-manager",
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Languages of the user interface. */
export const UI_LANGUAGES = ["kk", "ru", "en"] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

/** Languages a test is taken in (the regulation offers Kazakh and Russian). */
export const TEST_LANGUAGES = ["kk", "ru"] as const;
export type TestLanguage = (typeof TEST_LANGUAGES)[number];

/** What a booking shows its holder. */
export const BOOKING_STATUSES = [
  "booked",
  "cancelled",
  "admitted",
  "in_progress",
  "completed",
  "no_show",
] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/** The attempt's life (see DESIGN.md §3). */
export const ATTEMPT_STATES = [
  "admitted",
  "instructions",
  "in_progress",
  "paused",
  "submitted",
  "expired",
  "scored",
  "issued",
  "voided",
] as const;
export type AttemptState = (typeof ATTEMPT_STATES)[number];

export type Localized<Languages extends string = UiLanguage> = Record<
  Languages,
  string
>;
