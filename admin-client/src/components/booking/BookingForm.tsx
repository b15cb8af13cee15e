import { useMutation, useQuery } from "@tanstack/react-query";
import {
  useEffect,
  useId,
  useRef,
  useState,
  type FormEvent,
  type ReactNode,
} from "react";
import {
  BookingRequest,
  CONSENT_TEXT,
  CONSENT_VERSION,
  type BookingBlock,
  type BookingCreated,
  type PublicSlot,
  type StaffBookingRequest,
} from "@shared/booking";
import {
  UI_LANGUAGES,
  type TestLanguage,
  type UiLanguage,
} from "@shared/enums";
import { validateIin } from "@shared/iin";
import { LIMITS } from "@shared/limits";
import type { NotifyChannel } from "@shared/notifications";
import { newRequestId } from "@shared/requests";
import { ApiError } from "../../lib/api";
import { useI18n, type MessageKey } from "../../lib/i18n";
import { programQueries } from "../../lib/queries";
import {
  firstProblem,
  validate,
  type Problem,
  type Problems,
} from "../../lib/validate";
import { Alert, Link } from "../common";
import { TextField } from "../form";
import { Icon } from "../Icon";
import { createBooking, type BookingChannel } from "./api";
import { notifyChoice } from "./notify";
import {
  blockText,
  isBookingBlock,
  reasonWords,
  refusalReasons,
  type Person,
} from "./eligibility";

const FIELDS = [
  "iin",
  "fullName",
  "language",
  "phone",
  "email",
  "consent",
] as const;
type FieldName = (typeof FIELDS)[number];
type FieldErrors = Problems<FieldName>;

/** The details the candidate types, checked with BookingRequest's rules. */
const DETAILS = BookingRequest.pick({
  fullName: true,
  language: true,
  phone: true,
  email: true,
});

const DETAIL_PROBLEMS = {
  fullName: { key: "booking.error.fullNameRequired" },
  language: { key: "booking.error.languageRequired" },
  phone: { key: "booking.error.phone" },
  email: { key: "booking.error.email" },
} as const;

/** Server error ids that belong to one field, not to the whole form. */
const FIELD_OF_ERROR: Partial<Record<string, FieldName>> = {
  invalid_iin: "iin",
  consent_required: "consent",
  language_not_offered: "language",
};

/** The slot is gone from under the candidate: search again. */
const SLOT_GONE = new Set(["slot_full", "slot_closed", "slot_not_found"]);

/** The details form's heading: "Continue" moves the focus here. */
export const DETAILS_HEADING_ID = "booking-details-title";

export interface BookedDetails {
  created: BookingCreated;
  request: BookingRequest;
  slot: PublicSlot;
  person: Person;
}

/** A desk booking refused by a rule the desk may set aside, with a reason. */
interface Blocked {
  block: BookingBlock;
  request: BookingRequest;
}

/**
 * Step 4: the candidate's details and consent. The IIN is checked here
 * for typos, but the server decides; its answer is shown on the field it
 * concerns when it concerns one. The booking names the position category
 * and the candidate kind of step 1. At the desk, a booking refused by the
 * retake interval or a valid certificate can be made anyway, with a reason.
 */
export function BookingForm({
  slot,
  person,
  channel,
  formId,
  onBooked,
  onSlotGone,
  refusalAction,
}: {
  slot: PublicSlot;
  /** Step 1's answers: the program of `slot` fits them. */
  person: Person;
  channel: BookingChannel;
  /** From the server when the flow opened: lets the center time booking. */
  formId: string | null;
  onBooked: (details: BookedDetails) => void;
  onSlotGone: () => void;
  /** At the desk: what to offer for a refused booking (the refusal slip). */
  refusalAction?: (refused: {
    errorId: string;
    request: BookingRequest;
  }) => ReactNode;
}) {
  const { t, language: uiLanguage, localized, errorText } = useI18n();
  const headingId = DETAILS_HEADING_ID;
  const consentId = useId();
  const [iin, setIin] = useState("");
  const [fullName, setFullName] = useState("");
  const [testLanguage, setTestLanguage] = useState<TestLanguage | "">(() =>
    slot.languages.includes(uiLanguage as TestLanguage)
      ? (uiLanguage as TestLanguage)
      : slot.languages.length === 1
        ? (slot.languages[0] ?? "")
        : "",
  );
  const [phone, setPhone] = useState("");
  const [email, setEmail] = useState("");
  const [chosenChannel, setChosenChannel] = useState<NotifyChannel | null>(
    null,
  );
  // Unchosen: the portal's language (the candidate reads it), or at the
  // desk the test language (the clerk's screen language is not theirs).
  const [chosenLanguage, setChosenLanguage] = useState<UiLanguage | null>(null);
  const [consent, setConsent] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  // A field's error is shown on the field; any other on the whole form.
  const [formError, setFormError] = useState<unknown>(null);
  const [refusedRequest, setRefusedRequest] = useState<BookingRequest | null>(
    null,
  );
  const [blocked, setBlocked] = useState<Blocked | null>(null);
  const [overrideReason, setOverrideReason] = useState("");
  const [overrideError, setOverrideError] = useState<Problem | undefined>();
  const blockTitleRef = useRef<HTMLHeadingElement>(null);
  const programs = useQuery(programQueries.list()).data;
  const book = useMutation({
    mutationFn: (sent: {
      request: BookingRequest | StaffBookingRequest;
      requestId: string;
    }) => createBooking(channel, sent.request, sent.requestId),
  });

  // A block shown: the desk reads it and decides.
  useEffect(() => {
    if (!blocked) return;
    blockTitleRef.current?.scrollIntoView({ block: "center" });
    blockTitleRef.current?.focus({ preventScroll: true });
  }, [blocked]);

  const iinError = (value: string): Problem | undefined => {
    const result = validateIin(value);
    return result.valid ? undefined : { key: `iin.${result.reason}` };
  };

  function check(): FieldErrors {
    const details = validate(
      DETAILS,
      {
        fullName,
        language: testLanguage,
        ...(phone.trim() ? { phone } : {}),
        ...(email.trim() ? { email: email.trim() } : {}),
      },
      DETAIL_PROBLEMS,
    );
    const found: FieldErrors = { ...details.problems, iin: iinError(iin) };
    if (testLanguage && !slot.languages.includes(testLanguage)) {
      found.language = DETAIL_PROBLEMS.language;
    }
    if (!consent) found.consent = { key: "booking.error.consentRequired" };
    return found;
  }

  const lastRequest = useRef<{ sent: string; id: string } | null>(null);

  const { offered, notifyBy } = notifyChoice({ phone, email }, chosenChannel);
  const messageLanguage: UiLanguage =
    chosenLanguage ??
    (channel === "staff" && testLanguage ? testLanguage : uiLanguage);

  /** The booking the form's values make (checked by `check` first). */
  const currentRequest = (): BookingRequest => ({
    iin: iin.trim(),
    fullName: fullName.trim().replace(/\s+/g, " "),
    programId: slot.program.id,
    slotId: slot.id,
    language: testLanguage as TestLanguage,
    consent,
    ...(phone.trim() ? { phone: phone.trim() } : {}),
    ...(email.trim() ? { email: email.trim() } : {}),
    notifyBy,
    messageLanguage,
    ...(formId ? { formId } : {}),
    ...(person.category ? { positionCategory: person.category.code } : {}),
    candidateKind: person.candidateKind,
  });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFormError(null);
    setBlocked(null);
    const found = check();
    setErrors(found);
    const first = firstProblem(found, FIELDS);
    if (first) {
      document.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus();
      return;
    }
    await send(currentRequest());
  }

  /** At the desk: the blocked booking again, with the reason to override. */
  async function override(event: FormEvent) {
    event.preventDefault();
    if (!blocked) return;
    const reason = overrideReason.trim();
    if (reason.length < 3) {
      setOverrideError({ key: "block.error.reason" });
      document
        .querySelector<HTMLElement>('[data-field="ruleOverride"]')
        ?.focus();
      return;
    }
    setOverrideError(undefined);
    setFormError(null);
    await send({ ...blocked.request, ruleOverride: { reason } });
  }

  async function send(request: BookingRequest | StaffBookingRequest) {
    // The same booking tried again keeps its request id (see createBooking);
    // another one (an override with its reason, too) gets a new one.
    const sent = JSON.stringify(request);
    if (lastRequest.current?.sent !== sent) {
      lastRequest.current = { sent, id: newRequestId() };
    }
    try {
      const created = await book.mutateAsync({
        request,
        requestId: lastRequest.current.id,
      });
      onBooked({ created, request, slot, person });
    } catch (error) {
      if (error instanceof ApiError) {
        if (
          channel === "staff" &&
          (error.id === "retake_too_soon" ||
            error.id === "certificate_still_valid") &&
          isBookingBlock(error.details)
        ) {
          const { ruleOverride: _, ...plain } = request as StaffBookingRequest;
          setBlocked({ block: error.details, request: plain });
          return;
        }
        const field = FIELD_OF_ERROR[error.id];
        if (field) {
          setErrors({ [field]: { error } });
          document
            .querySelector<HTMLElement>(`[data-field="${field}"]`)
            ?.focus();
          return;
        }
        if (error.id === "invalid_request") {
          const fromServer = fieldErrorsFrom(error.details);
          if (Object.keys(fromServer).length > 0) {
            setErrors(fromServer);
            return;
          }
        }
        if (SLOT_GONE.has(error.id)) onSlotGone();
      }
      setRefusedRequest(request);
      setFormError(error);
    }
  }

  const describe = (problem: Problem | undefined) =>
    problem &&
    ("key" in problem
      ? t(problem.key, problem.values)
      : errorText(problem.error));

  const programTitle = (programId: string) => {
    const program = programs?.find((entry) => entry.id === programId);
    return program
      ? localized(program.titles)
      : programId === slot.program.id
        ? localized(slot.program.titles)
        : programId;
  };
  // The block stands while the form still asks for the booking it refused.
  const block =
    blocked &&
    JSON.stringify(blocked.request) === JSON.stringify(currentRequest())
      ? blocked.block
      : null;

  const consentText = CONSENT_TEXT[uiLanguage];
  const languageKey = (code: TestLanguage): MessageKey =>
    `testLanguage.${code}`;

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 className="section-title" id={headingId} tabIndex={-1}>
        <span className="step" aria-hidden="true">
          4
        </span>
        {channel === "staff"
          ? t("booking.step.candidate")
          : t("booking.step.details")}
      </h2>
      <p className="muted">
        {t("booking.selectedSlot", {
          date: slot.local.date,
          time: slot.local.time,
          offset: slot.local.utcOffset,
        })}
      </p>
      {formError ? (
        <Refusal
          error={formError}
          person={person}
          slot={slot}
          channel={channel}
        />
      ) : null}
      {formError instanceof ApiError && refusedRequest && refusalAction
        ? refusalAction({ errorId: formError.id, request: refusedRequest })
        : null}
      {block ? (
        <div
          className="alert alert--warning"
          role="group"
          aria-labelledby={`${headingId}-block`}
          data-testid="booking-block"
          data-rule={block.rule}
        >
          <Icon name="warning" size={22} />
          <div style={{ flex: 1 }}>
            <h3
              className="alert__title"
              id={`${headingId}-block`}
              ref={blockTitleRef}
              tabIndex={-1}
            >
              {t(`block.title.${block.rule}`)}
            </h3>
            <p>{blockText(t, block, programTitle)}</p>
            <p>{t("block.overrideLead")}</p>
            <form onSubmit={override} noValidate>
              <TextField
                label={t("block.reason")}
                hint={t("block.reasonHint")}
                error={overrideError}
                data-field="ruleOverride"
                name="ruleOverride"
                autoComplete="off"
                maxLength={500}
                value={overrideReason}
                onChange={(value) => {
                  setOverrideReason(value);
                  setOverrideError(undefined);
                }}
              />
              <div className="form-actions">
                <button
                  type="submit"
                  className="button button--danger"
                  disabled={book.isPending}
                >
                  {book.isPending ? (
                    <span className="spinner" aria-hidden="true" />
                  ) : null}
                  {t("block.override")}
                </button>
              </div>
            </form>
            {blocked && refusalAction
              ? refusalAction({ errorId: block.rule, request: blocked.request })
              : null}
          </div>
        </div>
      ) : null}
      <form onSubmit={submit} noValidate aria-describedby={headingId}>
        <div className="form-grid form-grid--two">
          <TextField
            label={t("booking.iin")}
            hint={t("booking.iinHint")}
            error={errors.iin}
            data-field="iin"
            name="iin"
            className="mono"
            inputMode="numeric"
            autoComplete="off"
            maxLength={12}
            value={iin}
            onChange={(value) => {
              setIin(value.replace(/\D/g, ""));
              if (errors.iin) setErrors({ ...errors, iin: undefined });
            }}
            onBlur={() => {
              if (iin)
                setErrors((current) => ({ ...current, iin: iinError(iin) }));
            }}
          />
          <TextField
            label={t("booking.fullName")}
            hint={t("booking.fullNameHint")}
            error={errors.fullName}
            data-field="fullName"
            name="fullName"
            autoComplete={channel === "staff" ? "off" : "name"}
            maxLength={LIMITS.fullNameMaxLength}
            value={fullName}
            onChange={setFullName}
          />
          <fieldset
            className="field"
            aria-describedby={
              errors.language ? `${headingId}-language-error` : undefined
            }
          >
            <legend>{t("booking.testLanguage")}</legend>
            <div className="choice-row">
              {(["kk", "ru"] as const).map((code, index) => (
                <label className="choice" key={code}>
                  <input
                    type="radio"
                    name="testLanguage"
                    value={code}
                    data-field={index === 0 ? "language" : undefined}
                    checked={testLanguage === code}
                    disabled={!slot.languages.includes(code)}
                    onChange={() => {
                      setTestLanguage(code);
                      setErrors((current) => ({
                        ...current,
                        language: undefined,
                      }));
                    }}
                  />
                  {t(languageKey(code))}
                </label>
              ))}
            </div>
            {errors.language ? (
              <span id={`${headingId}-language-error`} className="field__error">
                {describe(errors.language)}
              </span>
            ) : null}
          </fieldset>
          <TextField
            label={t("booking.phone")}
            hint={t("booking.phoneHint")}
            error={errors.phone}
            data-field="phone"
            name="phone"
            type="tel"
            autoComplete={channel === "staff" ? "off" : "tel"}
            maxLength={LIMITS.phoneMaxLength}
            placeholder="+7 7XX XXX XX XX"
            value={phone}
            onChange={setPhone}
          />
          <TextField
            label={t("notify.email")}
            hint={t("notify.emailHint")}
            error={errors.email}
            data-field="email"
            name="email"
            type="email"
            autoComplete={channel === "staff" ? "off" : "email"}
            maxLength={254}
            placeholder="name@mail.kz"
            value={email}
            onChange={(value) => {
              setEmail(value);
              if (errors.email) setErrors({ ...errors, email: undefined });
            }}
          />
          <fieldset
            className="field"
            aria-describedby={`${headingId}-notify-hint`}
            data-testid="notify-by"
          >
            <legend>{t("notify.channel")}</legend>
            <div className="choice-row">
              {offered.map((option) => (
                <label className="choice" key={option}>
                  <input
                    type="radio"
                    name="notifyBy"
                    value={option}
                    checked={notifyBy === option}
                    onChange={() => setChosenChannel(option)}
                  />
                  {t(`notify.channel.${option}`)}
                </label>
              ))}
            </div>
            <span id={`${headingId}-notify-hint`} className="field__hint">
              {t("notify.channelHint")}
            </span>
          </fieldset>
          {notifyBy !== "none" ? (
            <fieldset className="field">
              <legend>{t("notify.language")}</legend>
              <div className="choice-row">
                {UI_LANGUAGES.map((code) => (
                  <label className="choice" key={code}>
                    <input
                      type="radio"
                      name="messageLanguage"
                      value={code}
                      checked={messageLanguage === code}
                      onChange={() => setChosenLanguage(code)}
                    />
                    {t(`notify.language.${code}`)}
                  </label>
                ))}
              </div>
            </fieldset>
          ) : null}
          <div className="field field--wide">
            <div className="consent">
              <h3 id={`${consentId}-title`}>{t("booking.consentTitle")}</h3>
              <p
                className="consent__text"
                id={`${consentId}-text`}
                role="region"
                tabIndex={0}
                aria-labelledby={`${consentId}-title`}
              >
                {consentText}
              </p>
              <p className="consent__version">
                {t("booking.consentVersion", { version: CONSENT_VERSION })}
              </p>
              <label className="checkbox">
                <input
                  type="checkbox"
                  data-field="consent"
                  name="consent"
                  checked={consent}
                  aria-describedby={`${consentId}-text${errors.consent ? ` ${consentId}-error` : ""}`}
                  aria-invalid={errors.consent ? true : undefined}
                  onChange={(event) => {
                    setConsent(event.target.checked);
                    setErrors((current) => ({
                      ...current,
                      consent: undefined,
                    }));
                  }}
                />
                {channel === "staff"
                  ? t("booking.consentStaff")
                  : t("booking.consentAgree")}
              </label>
              {errors.consent ? (
                <span id={`${consentId}-error`} className="field__error">
                  {describe(errors.consent)}
                </span>
              ) : null}
            </div>
          </div>
        </div>
        <div className="form-actions">
          <button type="submit" className="button" disabled={book.isPending}>
            {book.isPending ? (
              <span className="spinner" aria-hidden="true" />
            ) : null}
            {channel === "staff"
              ? t("booking.submitStaff")
              : t("booking.submit")}
          </button>
        </div>
      </form>
    </section>
  );
}

/**
 * The server's refusal of the whole booking, in words: a program not for
 * the position (with why), a person who may not book it now (where to ask
 * and where to look), anything else as the server's error.
 */
function Refusal({
  error,
  person,
  slot,
  channel,
}: {
  error: unknown;
  person: Person;
  slot: PublicSlot;
  channel: BookingChannel;
}) {
  const { t, localized, errorText } = useI18n();
  const programs = useQuery(programQueries.list()).data;
  const id = error instanceof ApiError ? error.id : null;
  if (id === "not_eligible" && error instanceof ApiError) {
    const reasons = refusalReasons(error.details);
    const program = programs?.find((entry) => entry.id === slot.program.id);
    return (
      <Alert kind="error" title={t("refusal.notEligible")}>
        <p>
          {reasons.length > 0
            ? t("refusal.notEligibleLead", {
                program: localized(slot.program.titles),
                reasons: reasonWords(t, reasons, person, program),
              })
            : errorText(error)}
        </p>
      </Alert>
    );
  }
  if (id === "not_bookable_now" && channel === "public") {
    return (
      <Alert kind="error" title={t("refusal.notBookableNow")}>
        <p>{t("refusal.notBookableNowDesk")}</p>
        <p>{t("refusal.notBookableNowStatus")}</p>
        <p>
          <Link to="/book/status">{t("refusal.findEarlier")}</Link>
        </p>
      </Alert>
    );
  }
  return (
    <Alert kind="error" title={t("booking.failed")}>
      <p>{errorText(error)}</p>
    </Alert>
  );
}

/** `invalid_request` details: `{ issues: [{ path: "body.phone", … }] }`. */
function fieldErrorsFrom(details: unknown): FieldErrors {
  const issues = (details as { issues?: { path?: unknown }[] } | undefined)
    ?.issues;
  const found: FieldErrors = {};
  if (!Array.isArray(issues)) return found;
  const fields: readonly FieldName[] = [
    "iin",
    "fullName",
    "language",
    "phone",
    "email",
    "consent",
  ];
  for (const issue of issues) {
    const path =
      typeof issue.path === "string" ? issue.path.replace(/^body\./, "") : "";
    const field = fields.find((name) => name === path);
    if (field) found[field] = { key: "booking.error.checkField" };
  }
  return found;
}
