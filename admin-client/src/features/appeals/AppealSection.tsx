import { useState, type FormEvent } from "react";
import {
  APPEAL_GROUNDS,
  APPEAL_TEXT_MAX,
  type AppealGround,
  type PublicAppeal,
} from "@shared/appeals";
import { BOOKING_CODE_HEADER, type BookingStatusView } from "@shared/booking";
import { Alert, Field, Link } from "../../components/common";
import { api } from "../../lib/api";
import { formatDateTime } from "../../lib/format";
import { useI18n } from "../../lib/i18n";
import { statusPath } from "../booking/api";

/**
 * The status page's appeal part: the window, the form (grounds, the
 * question by its number on the candidate's form, text), each appeal with
 * its stages and decision, and any re-scored result with its new document.
 */
export function AppealSection({
  booking,
  code,
  onFiled,
}: {
  booking: BookingStatusView;
  code: string;
  onFiled: () => void;
}) {
  const { t, localized, errorText } = useI18n();
  const zone = booking.slot.timezone;
  const appealWindow = booking.appealWindow;
  const [grounds, setGrounds] = useState<AppealGround>("question_wrong");
  const [itemId, setItemId] = useState("");
  const [text, setText] = useState("");
  const [errors, setErrors] = useState<{ text?: string; question?: string }>(
    {},
  );
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [filed, setFiled] = useState(false);
  if (!appealWindow) return null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: { text?: string; question?: string } = {};
    if (text.trim().length < 10) found.text = t("appeal.error.text");
    if (grounds === "question_wrong" && !itemId)
      found.question = t("appeal.error.question");
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    setFailure(null);
    try {
      await api.post<PublicAppeal>(
        `/bookings/${encodeURIComponent(booking.id)}/appeals`,
        {
          grounds,
          text: text.trim(),
          ...(grounds === "question_wrong" ? { itemId } : {}),
        },
        { headers: { [BOOKING_CODE_HEADER]: code } },
      );
      setFiled(true);
      setText("");
      onFiled();
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
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
              <Link to={statusPath(appeal.retestBookingId, code)}>
                {t("appeal.retestOpen", { id: appeal.retestBookingId })}
              </Link>
            </p>
          ) : null}
        </article>
      ))}
      {filed ? (
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
        <form
          className="form-grid"
          onSubmit={(event) => void submit(event)}
          noValidate
        >
          <p className="field--wide">
            {t("appeal.windowOpen", {
              at: formatDateTime(appealWindow.closesAt, zone),
            })}
          </p>
          <Field label={t("appeal.grounds")}>
            {(props) => (
              <select
                {...props}
                name="grounds"
                value={grounds}
                onChange={(event) =>
                  setGrounds(event.target.value as AppealGround)
                }
              >
                {APPEAL_GROUNDS.map((ground) => (
                  <option key={ground} value={ground}>
                    {t(`appeal.grounds.${ground}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {grounds === "question_wrong" ? (
            <Field
              label={t("appeal.question")}
              {...(errors.question ? { error: errors.question } : {})}
            >
              {(props) => (
                <select
                  {...props}
                  name="question"
                  value={itemId}
                  onChange={(event) => setItemId(event.target.value)}
                >
                  <option value="" />
                  {appealWindow.questions.map((question) => (
                    <option key={question.itemId} value={question.itemId}>
                      {t("appeal.questionOption", {
                        number: question.number,
                        section: localized(question.section),
                      })}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : null}
          <Field
            label={t("appeal.text")}
            hint={t("appeal.textHint")}
            wide
            {...(errors.text ? { error: errors.text } : {})}
          >
            {(props) => (
              <textarea
                {...props}
                name="text"
                rows={4}
                maxLength={APPEAL_TEXT_MAX}
                value={text}
                onChange={(event) => setText(event.target.value)}
              />
            )}
          </Field>
          {failure ? (
            <Alert kind="error">
              <p>{failure}</p>
            </Alert>
          ) : null}
          <div className="form-actions field--wide">
            <button type="submit" className="button" disabled={busy}>
              {t("appeal.submit")}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
