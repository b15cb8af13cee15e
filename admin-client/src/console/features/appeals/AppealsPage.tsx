import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { StaffAccount } from "@shared/accounts";
import { AppealDecisionInput, type AppealDetail } from "@shared/appeals";
import {
  Alert,
  ErrorAlert,
  Link,
  Loading,
  PageTitle,
} from "../../../components/common";
import {
  SelectField,
  TextAreaField,
  TextField,
} from "../../../components/form";
import { AuditTimeline } from "../../../components/AuditTimeline";
import { formatDateTime } from "../../../lib/format";
import { useI18n } from "../../../lib/i18n";
import { publicSlotQueries } from "../../../lib/queries";
import { validate, type Problems } from "../../../lib/validate";
import { appealQueries, decideAppeal, startReview } from "./api";

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
  account: StaffAccount;
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
  account: StaffAccount;
  itemId: string | null;
}) {
  const { t } = useI18n();
  const stats = useQuery(appealQueries.stats());
  const list = useQuery(appealQueries.list(itemId));
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
  const detail = useQuery(appealQueries.detail(appealId));
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
      {appeal.status !== "decided" ? <DecisionForm appeal={appeal} /> : null}
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
        <AuditTimeline entries={appeal.timeline} testId="appeal-timeline" />
      </section>
    </>
  );
}

type Choice = AppealDecisionInput["decision"];

/** How each field's problem is worded (the rules are AppealDecisionInput's). */
const PROBLEMS = {
  decision: { key: "booking.error.checkField" },
  reason: { key: "common.error.reason" },
  retestSlotId: { key: "error.retest_slot_required" },
} as const;

function DecisionForm({ appeal }: { appeal: AppealDetail }) {
  const { t, localized } = useI18n();
  const [choice, setChoice] = useState<Choice>("rejected");
  const [reason, setReason] = useState("");
  const [slotId, setSlotId] = useState("");
  const [problems, setProblems] = useState<Problems<keyof AppealDecisionInput>>(
    {},
  );
  const retest = appeal.grounds !== "question_wrong";
  const slots = useQuery({
    ...publicSlotQueries.search({ program: appeal.programId }),
    enabled: retest,
  });
  // A decision changes the appeal, the list and the numbers.
  const decided = { invalidates: [appealQueries.all()] };
  const review = useMutation({
    mutationFn: () => startReview(appeal.id),
    meta: decided,
  });
  const decide = useMutation({
    mutationFn: (input: AppealDecisionInput) => decideAppeal(appeal.id, input),
    meta: decided,
  });
  const busy = review.isPending || decide.isPending;
  const failure = review.error ?? decide.error;

  function submit(event: FormEvent) {
    event.preventDefault();
    const checked = validate(
      AppealDecisionInput,
      {
        decision: choice,
        reason,
        ...(choice === "upheld" && retest && slotId
          ? { retestSlotId: slotId }
          : {}),
      },
      PROBLEMS,
    );
    setProblems(checked.problems ?? {});
    if (checked.data) decide.mutate(checked.data);
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
            onClick={() => review.mutate()}
          >
            {t("appeals.startReview")}
          </button>
        </p>
      ) : null}
      <form className="form-grid" onSubmit={submit} noValidate>
        <SelectField
          label={t("appeals.decision")}
          name="decision"
          value={choice}
          onChange={setChoice}
          options={[
            { value: "rejected", label: t("appeals.reject") },
            {
              value: "upheld",
              label: retest
                ? t("appeals.upholdRetest")
                : t("appeals.upholdQuestion"),
            },
          ]}
        />
        {choice === "upheld" && retest ? (
          <>
            <SelectField
              label={t("appeals.retestSlot")}
              name="retestSlot"
              value={slotId}
              onChange={setSlotId}
              empty=""
              options={(slots.data ?? []).map((slot) => ({
                value: slot.id,
                label: `${slot.local.date} ${slot.local.time} · ${localized(slot.room.names)} (${slot.freeSeats})`,
              }))}
            />
            <TextField
              label={t("appeals.retestSlotId")}
              hint={t("appeals.retestSlotIdHint")}
              error={problems.retestSlotId}
              name="retestSlotId"
              value={slotId}
              onChange={(value) => setSlotId(value.trim())}
            />
            {slots.data?.length === 0 ? (
              <p className="field--wide">{t("appeals.noSlots")}</p>
            ) : null}
          </>
        ) : null}
        <TextAreaField
          label={t("common.reason")}
          hint={t("common.reasonHint")}
          error={problems.reason}
          wide
          name="reason"
          rows={3}
          required
          minLength={3}
          value={reason}
          onChange={setReason}
        />
        {failure ? <ErrorAlert error={failure} /> : null}
        <div className="form-actions field--wide">
          <button type="submit" className="button" disabled={busy}>
            {t("appeals.submitDecision")}
          </button>
        </div>
      </form>
    </section>
  );
}
