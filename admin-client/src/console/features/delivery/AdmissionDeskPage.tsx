import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import type { StaffAccount } from "@shared/accounts";
import type { Admission, ReentryRequest } from "@shared/attempts";
import type { UiLanguage } from "@shared/enums";
import { Alert, ErrorAlert, Link } from "../../../components/common";
import { SelectField, TextField } from "../../../components/form";
import { Icon } from "../../../components/Icon";
import { ApiError } from "../../../lib/api";
import { formatDateTime } from "../../../lib/format";
import { useI18n } from "../../../lib/i18n";
import { NoIdDocumentRefusal } from "../refusals/NoIdDocumentRefusal";
import { AdmissionRefusalSlip } from "../refusals/RefusalSlipButton";
import { slotKeys } from "../slots/api";
import { ActionDialog } from "./ActionDialog";
import { admit, deliveryQueries, seatCommand } from "./api";
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

/** Where the IIN is booked today instead (`not_on_roster`'s details). */
interface ElsewherePlace {
  centerId: string;
  slotId: string;
  center: Partial<Record<UiLanguage, string>>;
  room: Partial<Record<UiLanguage, string>>;
  startsAt: string;
  timeZone: string;
  inScope: boolean;
}

/**
 * One place in the reader's language, with a link to that slot's desk when
 * the staff member may open it.
 */
function ElsewhereLine({ place }: { place: ElsewherePlace }) {
  const { t, localized } = useI18n();
  return (
    <>
      {t("places.elsewhere", {
        center: localized(place.center),
        room: localized(place.room),
        time: formatDateTime(place.startsAt, place.timeZone),
      })}
      {place.inScope ? (
        <>
          {" "}
          <Link to={`/admin/slots/${encodeURIComponent(place.slotId)}/desk`}>
            {t("places.openDesk")}
          </Link>
        </>
      ) : null}
    </>
  );
}

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
  account: StaffAccount;
  slotId: string;
}) {
  const { t } = useI18n();
  const slot = useSlot(slotId);
  const seats = useQuery(deliveryQueries.seats(slotId));
  const input = useRef<HTMLInputElement>(null);
  const [iin, setIin] = useState("");
  const [seatId, setSeatId] = useState("");
  // An admission changes the seats free and the roster's statuses.
  const admission = useMutation({
    mutationFn: (request: { iin: string; seatId?: string }) =>
      admit(slotId, request.iin, request.seatId),
    meta: {
      invalidates: [
        slotKeys.part(slotId, "seats"),
        slotKeys.part(slotId, "roster"),
      ],
    },
  });
  const reentered = useMutation({
    mutationFn: ({
      attemptId,
      ...body
    }: ReentryRequest & { attemptId: string }) =>
      seatCommand(attemptId, "reentry", body),
    meta: { invalidates: [slotKeys.part(slotId, "seats")] },
  });
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
    if (!value || admission.isPending) return;
    try {
      const admitted = await admission.mutateAsync({
        iin: value,
        ...(seatId ? { seatId } : {}),
      });
      setOutcome({ kind: "admitted", admission: admitted });
      setRecent((list) => [admitted, ...list].slice(0, 8));
      setIin("");
      setSeatId("");
    } catch (error) {
      setOutcome({ kind: "refused", iin: value, error });
      // Selected, so the next scan replaces it.
      window.setTimeout(() => input.current?.select(), 0);
    } finally {
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
          {/* The desk exists to take this one field: a scanner types here. */}
          <TextField
            label={t("desk.iin")}
            hint={t("desk.iinHint")}
            ref={input}
            className="desk__iin mono"
            inputMode="numeric"
            autoComplete="off"
            spellCheck={false}
            maxLength={32}
            value={iin}
            onChange={setIin}
          />
          <SelectField
            label={t("desk.seat")}
            value={seatId}
            onChange={setSeatId}
            empty={t("desk.seatAuto")}
            options={freeSeats.map((seat) => ({
              value: seat.seatId,
              label: seat.label,
            }))}
          />
          <div className="form-actions">
            <button
              type="submit"
              className="button"
              disabled={admission.isPending}
            >
              {admission.isPending ? (
                <span className="spinner" aria-hidden="true" />
              ) : null}
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
          {outcome?.kind === "refused" ? (
            <AdmissionRefusalSlip
              slotId={slotId}
              iin={outcome.iin}
              error={outcome.error}
            />
          ) : null}
          <NoIdDocumentRefusal slotId={slotId} iin={iin} />
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
            await reentered.mutateAsync({
              attemptId: reentry.attemptId,
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
      const elsewhere = detail<ElsewherePlace[]>(error, "bookedElsewhere");
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
                <ul data-testid="desk-elsewhere">
                  {elsewhere.map((place) => (
                    <li key={place.slotId}>
                      <ElsewhereLine place={place} />
                    </li>
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
