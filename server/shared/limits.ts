/** Limits set by the regulation and by Synaq's own safety margins. */
export const LIMITS = {
  /** The longest test a program may set: 2 h 05 min. */
  maxTestMinutes: 125,
  /** Instructions take at most 10 minutes. */
  maxInstructionsMinutes: 10,
  /** Admission of one candidate takes at most 10 minutes. */
  maxAdmissionMinutes: 10,
  /** Results are handed over within 30 minutes of the end. */
  maxResultMinutes: 30,
  /** Largest JSON body accepted by the REST API. */
  maxJsonBodyBytes: 64 * 1024,
  /** Largest roster CSV accepted. */
  maxRosterCsvBytes: 2 * 1024 * 1024,
  /** Largest socket.io message. */
  maxSocketMessageBytes: 16 * 1024,
  fullNameMaxLength: 200,
  phoneMaxLength: 32,
} as const;
