import { useEffect, useRef, useState } from "react";
import { Alert, ErrorAlert, Field } from "../../components/common";
import { Icon } from "../../components/Icon";
import { ApiError } from "../../lib/api";
import { useI18n } from "../../lib/i18n";
import { useResource } from "../../lib/use-resource";
import type { Account } from "../auth/session";
import { ActionDialog } from "./ActionDialog";
import { admit, getSeatMap, seatCommand, type Admission } from "./api";
import { SlotFrame, useSlot } from "./SlotFrame";

type Outcome =
  | { kind: "admitted"; admission: Admission }
  | { kind: "refused"; iin: string; error: unknown }
  | { kind: "reentered"; iin: string };

const HOLDS_SEAT = new Set([
  "admitted",
  "instructions",
  "in_progress",
  "paused",
]);

function detail<T>(error: unknown, key: string): T | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const details = error.details;
  if (typeof details !== "object" || details === null) return undefined;
  return (details as Record<string, unknown>)[key] as T | undefined;
}

/**
 * The ID check at the door. The IIN field is made for keyboard-wedge
 * scanners: it has the focus, Enter admits, and it empties after a
 * success, so the next document can be scanned at once.
 */
export function AdmissionDeskPage({
  account,
  slotId,
}: {
  account: Account;
  slotId: string;
}) {
  const { t } = useI18n();
  const slot = useSlot(slotId);
  const seats = useResource(`desk-seats:${slotId}`, (signal) =>
    getSeatMap(slotId, signal),
  );
  const input = useRef<HTMLInputElement>(null);
  const [iin, setIin] = useState("");
  const [seatId, setSeatId] = useState("");
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [recent, setRecent] = useState<Admission[]>([]);
  const [reentry, setReentry] = useState<{
    attemptId: string;
    iin: string;
  } | null>(null);

  // After the page title took the focus (PageTitle), the scanner's field
  // takes it: this runs later, as a parent's effect runs after its children's.
  useEffect(() => {
    input.current?.focus();
  }, []);

  const freeSeats = (seats.data ?? []).filter(
    (seat) =>
      seat.kiosk !== null &&
      !(seat.attempt && HOLDS_SEAT.has(seat.attempt.state)),
  );

  async function submit() {
    const value = iin.replace(/\s+/g, "");
    if (!value || busy) return;
    setBusy(true);
    try {
      const admission = await admit(slotId, value, seatId || undefined);
      setOutcome({ kind: "admitted", admission });
      setRecent((list) => [admission, ...list].slice(0, 8));
      setIin("");
      setSeatId("");
      seats.reload();
    } catch (error) {
      setOutcome({ kind: "refused", iin: value, error });
      // Selected, so the next scan replaces it.
      window.setTimeout(() => input.current?.select(), 0);
    } finally {
      setBusy(false);
      input.current?.focus();
    }
  }

  return (
    <SlotFrame
      slotId={slotId}
      role={account.role}
      current="desk"
      title={t("desk.title")}
      slot={slot.data}
    >
      <ErrorAlert error={slot.error} />
      <div className="desk">
        <form
          className="card desk__form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          <p className="muted">{t("desk.lead")}</p>
          <Field label={t("desk.iin")} hint={t("desk.iinHint")}>
            {(props) => (
              <input
                {...props}
                ref={input}
                className="desk__iin mono"
                inputMode="numeric"
                autoComplete="off"
                spellCheck={false}
                maxLength={32}
                // The desk exists to take this one field: a scanner types here.
                value={iin}
                onChange={(event) => setIin(event.target.value)}
              />
            )}
          </Field>
          <Field label={t("desk.seat")}>
            {(props) => (
              <select
                {...props}
                value={seatId}
                onChange={(event) => setSeatId(event.target.value)}
              >
                <option value="">{t("desk.seatAuto")}</option>
                {freeSeats.map((seat) => (
                  <option key={seat.seatId} value={seat.seatId}>
                    {seat.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div className="form-actions">
            <button type="submit" className="button" disabled={busy}>
              {busy ? <span className="spinner" aria-hidden="true" /> : null}
              {t("desk.admit")}
            </button>
          </div>
        </form>
        <div className="desk__outcome" aria-live="polite">
          {outcome ? (
            <OutcomeCard
              outcome={outcome}
              onReentry={(attemptId, value) =>
                setReentry({ attemptId, iin: value })
              }
            />
          ) : null}
        </div>
      </div>

      {recent.length > 0 ? (
        <section className="card" aria-labelledby="desk-recent">
          <h2 id="desk-recent">{t("desk.recent")}</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("roster.fullName")}</th>
                  <th scope="col">{t("desk.seat")}</th>
                  <th scope="col">{t("desk.language")}</th>
                  <th scope="col">{t("desk.accommodation")}</th>
                </tr>
              </thead>
              <tbody>
                {recent.map((admission) => (
                  <tr key={admission.attemptId}>
                    <th scope="row">{admission.fullName}</th>
                    <td className="mono">{admission.seatLabel}</td>
                    <td>{t(`testLanguage.${admission.language}`)}</td>
                    <td>
                      {admission.extraMinutes > 0
                        ? t("desk.extraMinutes", {
                            minutes: admission.extraMinutes,
                          })
                        : t("common.none")}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      {reentry ? (
        <ActionDialog
          title={t("desk.reentry")}
          lead={t("desk.reentryLead")}
          confirmLabel={t("action.reentry")}
          fields={{ reason: "optional" }}
          onConfirm={async ({ reason }) => {
            await seatCommand(reentry.attemptId, "reentry", {
              iin: reentry.iin,
              ...(reason ? { reason } : {}),
            });
            setOutcome({ kind: "reentered", iin: reentry.iin });
            setIin("");
          }}
          onClose={() => {
            setReentry(null);
            input.current?.focus();
          }}
        />
      ) : null}
    </SlotFrame>
  );
}

function OutcomeCard({
  outcome,
  onReentry,
}: {
  outcome: Outcome;
  onReentry: (attemptId: string, iin: string) => void;
}) {
  const { t, errorText } = useI18n();
  switch (outcome.kind) {
    case "admitted": {
      const { admission } = outcome;
      return (
        <div
          className="desk-card desk-card--ok"
          data-testid="desk-result"
          role="status"
        >
          <p className="desk-card__verdict">
            <Icon name="check" size={28} />
            {t("desk.admittedTitle")}
          </p>
          <p className="desk-card__name">{admission.fullName}</p>
          <p className="desk-card__seat">
            {t("desk.goToSeat")}{" "}
            <strong className="mono">{admission.seatLabel}</strong>
          </p>
          <dl className="facts">
            <dt>{t("desk.language")}</dt>
            <dd>{t(`testLanguage.${admission.language}`)}</dd>
            <dt>{t("desk.accommodation")}</dt>
            <dd>
              {admission.extraMinutes > 0 || admission.accommodationNote ? (
                <>
                  {admission.extraMinutes > 0 ? (
                    <span className="badge badge--warning">
                      <Icon name="clock" size={14} />
                      {t("desk.extraMinutes", {
                        minutes: admission.extraMinutes,
                      })}
                    </span>
                  ) : null}{" "}
                  {admission.accommodationNote}
                </>
              ) : (
                t("common.none")
              )}
            </dd>
          </dl>
        </div>
      );
    }
    case "reentered":
      return (
        <Alert kind="success" title={t("desk.reentryDone")}>
          <p className="mono">{outcome.iin}</p>
        </Alert>
      );
    case "refused": {
      const { error } = outcome;
      const id = error instanceof ApiError ? error.id : "";
      const reason = detail<string>(error, "reason");
      const elsewhere = detail<string[]>(error, "bookedElsewhere");
      const attemptId = detail<string>(error, "attemptId");
      return (
        <div
          className="desk-card desk-card--refused"
          data-testid="desk-result"
          role="alert"
        >
          <p className="desk-card__verdict">
            <Icon name="cross" size={28} />
            {t("desk.refusedTitle")}
          </p>
          <p className="mono">{outcome.iin}</p>
          {id === "invalid_iin" ? (
            <p className="desk-card__why">
              {t("desk.invalidIin")}{" "}
              {reason && isIinReason(reason) ? t(`iin.${reason}`) : null}
            </p>
          ) : (
            <p className="desk-card__why">{errorText(error)}</p>
          )}
          {id === "not_on_roster" ? (
            elsewhere && elsewhere.length > 0 ? (
              <>
                <p>{t("desk.bookedElsewhere")}</p>
                <ul>
                  {elsewhere.map((place) => (
                    <li key={place}>{place}</li>
                  ))}
                </ul>
              </>
            ) : (
              <p>{t("desk.bookedNowhere")}</p>
            )
          ) : null}
          {(id === "booking_admitted" || id === "booking_in_progress") &&
          attemptId ? (
            <button
              type="button"
              className="button"
              onClick={() => onReentry(attemptId, outcome.iin)}
            >
              {t("desk.reentry")}
            </button>
          ) : null}
        </div>
      );
    }
  }
}

const IIN_REASONS = [
  "length",
  "non_digit",
  "century_digit",
  "birth_date",
  "check_digit",
  "no_check_digit",
] as const;

function isIinReason(reason: string): reason is (typeof IIN_REASONS)[number] {
  return (IIN_REASONS as readonly string[]).includes(reason);
}
