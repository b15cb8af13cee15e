import { useState, type FormEvent } from "react";
import type { AppealDetail, AppealStats, AppealSummary } from "@shared/appeals";
import type { PublicSlot } from "@shared/booking";
import {
  Alert,
  ErrorAlert,
  Field,
  Link,
  Loading,
  PageTitle,
} from "../../components/common";
import { api } from "../../lib/api";
import { formatDateTime } from "../../lib/format";
import { useI18n } from "../../lib/i18n";
import { useResource } from "../../lib/use-resource";
import type { Account } from "../auth/session";

/** Who sees answer keys and decides (the server checks again). */
const DECIDERS = new Set(["reviewer", "manager"]);

/**
 * `/admin/appeals[?item=<itemId>]`: the numbers and the list, filtered to
 * one question when the analytics screen links here; `/admin/appeals/:id`:
 * one appeal to review and decide.
 */
export function AppealsPage({
  account,
  appealId,
  itemId,
}: {
  account: Account;
  appealId: string | null;
  itemId: string | null;
}) {
  if (appealId && DECIDERS.has(account.role)) {
    return <AppealReview appealId={appealId} />;
  }
  return <AppealList account={account} itemId={itemId} />;
}

function AppealList({
  account,
  itemId,
}: {
  account: Account;
  itemId: string | null;
}) {
  const { t } = useI18n();
  const stats = useResource("appeal-stats", (signal) =>
    api.get<AppealStats>("/appeals/stats", { signal }),
  );
  const list = useResource(`appeals:${itemId ?? ""}`, (signal) =>
    api.get<AppealSummary[]>("/appeals", {
      signal,
      ...(itemId ? { query: { itemId } } : {}),
    }),
  );
  const canDecide = DECIDERS.has(account.role);
  return (
    <>
      <PageTitle>{t("appeals.title")}</PageTitle>
      <p className="lead">{t("appeals.lead")}</p>
      {!canDecide ? (
        <Alert kind="info">
          <p>{t("appeals.readOnly")}</p>
        </Alert>
      ) : null}
      {stats.data ? (
        <ul className="stats" data-testid="appeal-stats">
          {(
            ["filed", "open", "upheld", "rejected", "itemsVoided"] as const
          ).map((key) => (
            <li key={key} data-stat={key}>
              {t(`appeals.stats.${key}`)}: <strong>{stats.data?.[key]}</strong>
            </li>
          ))}
        </ul>
      ) : null}
      {itemId ? (
        <p>
          {t("appeals.filtered", { item: itemId })} ·{" "}
          <Link to="/admin/appeals">{t("appeals.clearFilter")}</Link>
        </p>
      ) : null}
      {list.error ? <ErrorAlert error={list.error} /> : null}
      {!list.data ? (
        <Loading />
      ) : list.data.length === 0 ? (
        <p>{t("appeals.none")}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="appeals">
            <thead>
              <tr>
                <th>{t("appeals.col.filed")}</th>
                <th>{t("appeals.col.candidate")}</th>
                <th>{t("appeals.col.grounds")}</th>
                <th>{t("appeals.col.status")}</th>
                {canDecide ? <th /> : null}
              </tr>
            </thead>
            <tbody>
              {list.data.map((appeal) => (
                <tr key={appeal.id}>
                  <td>{formatDateTime(appeal.filedAt)}</td>
                  <td>
                    {appeal.fullName}{" "}
                    <span className="mono">{appeal.maskedIin}</span>
                  </td>
                  <td>
                    {t(`appeal.grounds.${appeal.grounds}`)}
                    {appeal.itemId ? (
                      <span className="mono"> {appeal.itemId}</span>
                    ) : null}
                  </td>
                  <td>
                    {t(`appeal.stage.${appeal.status}`)}
                    {appeal.decision
                      ? ` · ${t(`appeal.decision.${appeal.decision}`)}`
                      : ""}
                  </td>
                  {canDecide ? (
                    <td>
                      <Link
                        to={`/admin/appeals/${encodeURIComponent(appeal.id)}`}
                      >
                        {t("appeals.open")}
                      </Link>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function AppealReview({ appealId }: { appealId: string }) {
  const { t } = useI18n();
  const detail = useResource(`appeal:${appealId}`, (signal) =>
    api.get<AppealDetail>(`/appeals/${encodeURIComponent(appealId)}`, {
      signal,
    }),
  );
  if (detail.error) {
    return (
      <>
        <PageTitle>{t("appeals.detail")}</PageTitle>
        <ErrorAlert error={detail.error} />
      </>
    );
  }
  if (!detail.data) {
    return (
      <>
        <PageTitle>{t("appeals.detail")}</PageTitle>
        <Loading />
      </>
    );
  }
  const appeal = detail.data;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/admin/appeals">{t("appeals.back")}</Link>
      </p>
      <PageTitle>{`${t("appeals.detail")}: ${appeal.fullName}`}</PageTitle>
      <section className="card" aria-labelledby="appeal-summary">
        <h2 id="appeal-summary">
          {t(`appeal.grounds.${appeal.grounds}`)}
          {appeal.itemId ? ` · ${appeal.itemId}` : ""}
        </h2>
        <p>
          <span className="mono">{appeal.maskedIin}</span> ·{" "}
          <span data-testid="appeal-status">
            {t(`appeal.stage.${appeal.status}`)}
            {appeal.decision
              ? ` · ${t(`appeal.decision.${appeal.decision}`)}`
              : ""}
          </span>
        </p>
        <h3>{t("appeals.text")}</h3>
        <p>{appeal.text}</p>
        {appeal.result ? (
          <p>
            {t("appeals.result", {
              correct: appeal.result.correct,
              total: appeal.result.total,
            })}{" "}
            ·{" "}
            {appeal.result.passed
              ? t("revision.passed")
              : t("revision.notPassed")}
            {appeal.certificateNumber ? (
              <>
                {" · "}
                {t("appeals.document")}:{" "}
                <span className="mono">{appeal.certificateNumber}</span>
              </>
            ) : null}
          </p>
        ) : null}
        {appeal.reason ? (
          <p>
            {t("appeal.reason")}: {appeal.reason}
            {appeal.decidedBy
              ? ` (${t("appeals.decidedBy", { name: appeal.decidedBy })})`
              : ""}
          </p>
        ) : null}
        {appeal.affectedAttempts !== undefined ? (
          <p>{t("appeals.affected", { count: appeal.affectedAttempts })}</p>
        ) : null}
      </section>
      {appeal.status !== "decided" ? (
        <DecisionForm appeal={appeal} onDone={detail.reload} />
      ) : null}
      <section className="card" aria-labelledby="appeal-answers">
        <h2 id="appeal-answers">{t("appeals.answers")}</h2>
        <div className="table-wrap">
          <table data-testid="appeal-answers">
            <thead>
              <tr>
                <th>{t("appeals.col.number")}</th>
                <th>{t("appeals.col.question")}</th>
                <th>{t("appeals.col.chosen")}</th>
                <th>{t("appeals.col.key")}</th>
              </tr>
            </thead>
            <tbody>
              {appeal.answers.map((answer) => {
                const label = (ids: string[]) =>
                  ids.length === 0
                    ? t("appeals.noAnswer")
                    : ids
                        .map(
                          (id) =>
                            `${id}) ${answer.options.find((o) => o.id === id)?.text ?? id}`,
                        )
                        .join("; ");
                return (
                  <tr
                    key={answer.itemId}
                    data-item={answer.itemId}
                    aria-current={
                      answer.itemId === appeal.itemId ? "true" : undefined
                    }
                  >
                    <td>
                      {answer.number}
                      {answer.voided ? ` (${t("appeals.voided")})` : ""}
                    </td>
                    <td>
                      <span className="mono small">{answer.itemId}</span>
                      <br />
                      {answer.stem}
                    </td>
                    <td>
                      {answer.correct ? "✓ " : "✗ "}
                      {label(answer.chosen)}
                    </td>
                    <td>{label(answer.key)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card" aria-labelledby="appeal-timeline">
        <h2 id="appeal-timeline">{t("appeals.timeline")}</h2>
        <ol className="timeline" data-testid="appeal-timeline">
          {appeal.timeline.map((entry, index) => (
            <li key={`${entry.at}-${index}`}>
              <span className="mono small">{formatDateTime(entry.at)}</span>{" "}
              <strong>{entry.action}</strong>{" "}
              <span className="muted">{entry.actor}</span>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

type Choice = "rejected" | "upheld";

function DecisionForm({
  appeal,
  onDone,
}: {
  appeal: AppealDetail;
  onDone: () => void;
}) {
  const { t, errorText } = useI18n();
  const [choice, setChoice] = useState<Choice>("rejected");
  const [reason, setReason] = useState("");
  const [slotId, setSlotId] = useState("");
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const retest = appeal.grounds !== "question_wrong";
  const slots = useResource(
    retest ? `retest-slots:${appeal.programId}` : null,
    (signal) =>
      api.get<PublicSlot[]>("/slots", {
        signal,
        query: { program: appeal.programId },
      }),
  );

  async function run(action: () => Promise<unknown>) {
    setBusy(true);
    setFailure(null);
    try {
      await action();
      onDone();
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(() =>
      api.post(`/appeals/${encodeURIComponent(appeal.id)}/decision`, {
        decision: choice,
        reason: reason.trim(),
        ...(choice === "upheld" && retest && slotId
          ? { retestSlotId: slotId }
          : {}),
      }),
    );
  }

  return (
    <section className="card" aria-labelledby="appeal-decide">
      <h2 id="appeal-decide">{t("appeals.decide")}</h2>
      {appeal.status === "filed" ? (
        <p>
          <button
            type="button"
            className="button button--secondary"
            disabled={busy}
            onClick={() =>
              void run(() =>
                api.post(`/appeals/${encodeURIComponent(appeal.id)}/review`),
              )
            }
          >
            {t("appeals.startReview")}
          </button>
        </p>
      ) : null}
      <form className="form-grid" onSubmit={submit}>
        <Field label={t("appeals.decision")}>
          {(props) => (
            <select
              {...props}
              name="decision"
              value={choice}
              onChange={(event) => setChoice(event.target.value as Choice)}
            >
              <option value="rejected">{t("appeals.reject")}</option>
              <option value="upheld">
                {retest
                  ? t("appeals.upholdRetest")
                  : t("appeals.upholdQuestion")}
              </option>
            </select>
          )}
        </Field>
        {choice === "upheld" && retest ? (
          <Field label={t("appeals.retestSlot")}>
            {(props) => (
              <select
                {...props}
                name="retestSlot"
                value={slotId}
                onChange={(event) => setSlotId(event.target.value)}
              >
                <option value="" />
                {(slots.data ?? []).map((slot) => (
                  <option key={slot.id} value={slot.id}>
                    {slot.local.date} {slot.local.time} · {slot.room.name} (
                    {slot.freeSeats})
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        {choice === "upheld" && retest ? (
          <Field
            label={t("appeals.retestSlotId")}
            hint={t("appeals.retestSlotIdHint")}
          >
            {(props) => (
              <input
                {...props}
                name="retestSlotId"
                value={slotId}
                onChange={(event) => setSlotId(event.target.value.trim())}
              />
            )}
          </Field>
        ) : null}
        {choice === "upheld" && retest && slots.data?.length === 0 ? (
          <p className="field--wide">{t("appeals.noSlots")}</p>
        ) : null}
        <Field label={t("common.reason")} hint={t("common.reasonHint")} wide>
          {(props) => (
            <textarea
              {...props}
              name="reason"
              rows={3}
              required
              minLength={3}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
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
            {t("appeals.submitDecision")}
          </button>
        </div>
      </form>
    </section>
  );
}
