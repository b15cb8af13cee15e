/** Limits set by the regulation and by Synaq's own safety margins. */
export const LIMITS = {
  /** The longest test a program may set: 2 h 05 min. */
  maxTestMinutes: 125,
  /** Instructions take at most 10 minutes. */
  maxInstructionsMinutes: 10,
  /** Admission of one candidate takes at most 10 minutes. */
  maxAdmissionMinutes: 10,
  /** The signed document exists within 30 minutes of the end (§5(5)). */
  maxResultMinutes: 30,
  /** Staff hand it over to the candidate within 20 minutes of the end (§7(5)). */
  maxHandoverMinutes: 20,
  /** Largest JSON body accepted by the REST API. */
  maxJsonBodyBytes: 64 * 1024,
  /** Largest roster CSV accepted. */
  maxRosterCsvBytes: 2 * 1024 * 1024,
  /** Largest socket.io message. */
  maxSocketMessageBytes: 16 * 1024,
  fullNameMaxLength: 200,
  phoneMaxLength: 32,
  /** Booking closes this long before the start unless the slot says else. */
  defaultBookingCutoffMinutes: 60,
  /** Admission stays open this long after the start unless the slot says else. */
  defaultLateAdmissionMinutes: 15,
  /** Accommodation extra time, per candidate. */
  maxExtraMinutes: 120,
  /** Wrong booking codes (or unknown booking ids) per client IP per minute. */
  maxWrongBookingCodesPerMinute: 10,
  /**
   * Public booking attempts for one IIN per hour, from any address: past
   * them the portal sends the person to a desk (a squatter or a prober
   * changing addresses gets no further).
   */
  maxBookingAttemptsPerIinPerHour: 10,
  /** Seats one bulk request may create. */
  maxSeatsPerRequest: 500,
  /** Rows of one roster import. */
  maxRosterRows: 2000,
} as const;
