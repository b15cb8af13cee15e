import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import {
  APPEAL_GROUNDS,
  APPEAL_TEXT_MAX,
  AppealRequest,
  type AppealGround,
} from "@shared/appeals";
import { bookingStatusPath, type BookingStatusView } from "@shared/booking";
import { Alert, Link } from "../../../components/common";
import { SelectField, TextAreaField } from "../../../components/form";
import { formatDateTime } from "../../../lib/format";
import { useI18n } from "../../../lib/i18n";
import { validate, type Problems } from "../../../lib/validate";
import { bookingQueries, fileAppeal } from "./api";

/** How each field's problem is worded (the rules are AppealRequest's). */
const PROBLEMS = {
  grounds: { key: "booking.error.checkField" },
  itemId: { key: "appeal.error.question" },
  text: { key: "appeal.error.text" },
} as const;

/**
 * The status page's appeal part: the window, the form (grounds, the
 * question by its number on the candidate's form, text), each appeal with
 * its stages and decision, and any re-scored result with its new document.
 */
export function AppealSection({
  booking,
  code,
}: {
  booking: BookingStatusView;
  code: string;
}) {
  const { t, localized, errorText } = useI18n();
  const zone = booking.slot.timezone;
  const appealWindow = booking.appealWindow;
  const [grounds, setGrounds] = useState<AppealGround>("question_wrong");
  const [itemId, setItemId] = useState("");
  const [text, setText] = useState("");
  const [problems, setProblems] = useState<Problems<keyof AppealRequest>>({});
  // The status page shows the new appeal and its first stage.
  const file = useMutation({
    mutationFn: (appeal: AppealRequest) => fileAppeal(booking.id, code, appeal),
    meta: { invalidates: [bookingQueries.status(booking.id, code).queryKey] },
    onSuccess: () => setText(""),
  });
  if (!appealWindow) return null;

  function submit(event: FormEvent) {
    event.preventDefault();
    const question = grounds === "question_wrong";
    const checked = validate(
      AppealRequest,
      { grounds, text, ...(question ? { itemId } : {}) },
      PROBLEMS,
    );
    const found = { ...checked.problems };
    // The question is the server's rule too (appeal_item_required).
    if (question && !itemId) found.itemId = PROBLEMS.itemId;
    setProblems(found);
    if (checked.data && !found.itemId) file.mutate(checked.data);
  }

  return (
    <section
      className="card"
      aria-labelledby="appeal-title"
      data-testid="appeal-section"
    >
      <h2 id="appeal-title">{t("appeal.title")}</h2>
      {booking.revisions.map((revision) => (
        <Alert key={revision.revision} kind="info" title={t("revision.title")}>
          <p>
            {t("revision.text", {
              correct: revision.correct,
              total: revision.total,
              result: revision.passed
                ? t("revision.passed")
                : t("revision.notPassed"),
            })}
          </p>
          <p>
            {revision.certificateNumber
              ? t("revision.document", {
                  number: revision.certificateNumber,
                  old: revision.previousCertificateNumber ?? "—",
                })
              : t("revision.pending")}
          </p>
        </Alert>
      ))}
      {booking.appeals.map((appeal) => (
        <article key={appeal.id} className="appeal" data-testid="appeal">
          <h3>
            {t(`appeal.grounds.${appeal.grounds}`)}
            {appeal.questionNumber
              ? ` · ${t("appeal.questionNumber", { number: appeal.questionNumber })}`
              : ""}
          </h3>
          <p className="muted">{appeal.text}</p>
          <ol className="appeal__stages" aria-label={t("appeals.col.status")}>
            {appeal.stages.map((stage) => (
              <li key={stage.status} data-stage={stage.status}>
                <strong>{t(`appeal.stage.${stage.status}`)}</strong>{" "}
                <span className="muted">{formatDateTime(stage.at, zone)}</span>
              </li>
            ))}
          </ol>
          {appeal.decision ? (
            <p data-testid="appeal-decision">
              <strong>{t(`appeal.decision.${appeal.decision}`)}</strong>
              {appeal.reason
                ? ` — ${t("appeal.reason")}: ${appeal.reason}`
                : ""}
            </p>
          ) : null}
          {appeal.retestBookingId ? (
            <p>
              {t("appeal.retest")}{" "}
              <Link to={bookingStatusPath(appeal.retestBookingId, code)}>
                {t("appeal.retestOpen", { id: appeal.retestBookingId })}
              </Link>
            </p>
          ) : null}
        </article>
      ))}
      {file.isSuccess ? (
        <Alert kind="success">
          <p>{t("appeal.filed")}</p>
        </Alert>
      ) : null}
      {appealWindow.reason === "not_official" ? (
        <p>{t("appeal.notOfficial")}</p>
      ) : null}
      {appealWindow.reason === "window_closed" && appealWindow.closesAt ? (
        <p>
          {t("appeal.windowClosed", {
            at: formatDateTime(appealWindow.closesAt, zone),
          })}
        </p>
      ) : null}
      {appealWindow.reason === "appeal_open" ? (
        <p>{t("appeal.alreadyOpen")}</p>
      ) : null}
      {appealWindow.open && appealWindow.closesAt ? (
        <form className="form-grid" onSubmit={submit} noValidate>
          <p className="field--wide">
            {t("appeal.windowOpen", {
              at: formatDateTime(appealWindow.closesAt, zone),
            })}
          </p>
          <SelectField
            label={t("appeal.grounds")}
            name="grounds"
            value={grounds}
            onChange={setGrounds}
            options={APPEAL_GROUNDS.map((ground) => ({
              value: ground,
              label: t(`appeal.grounds.${ground}`),
            }))}
          />
          {grounds === "question_wrong" ? (
            <SelectField
              label={t("appeal.question")}
              error={problems.itemId}
              name="question"
              value={itemId}
              onChange={setItemId}
              empty=""
              options={appealWindow.questions.map((question) => ({
                value: question.itemId,
                label: t("appeal.questionOption", {
                  number: question.number,
                  section: localized(question.section),
                }),
              }))}
            />
          ) : null}
          <TextAreaField
            label={t("appeal.text")}
            hint={t("appeal.textHint")}
            error={problems.text}
            wide
            name="text"
            rows={4}
            maxLength={APPEAL_TEXT_MAX}
            value={text}
            onChange={setText}
          />
          {file.error ? (
            <Alert kind="error">
              <p>{errorText(file.error)}</p>
            </Alert>
          ) : null}
          <div className="form-actions field--wide">
            <button type="submit" className="button" disabled={file.isPending}>
              {t("appeal.submit")}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
