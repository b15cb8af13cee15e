import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { StaffAccount } from "@shared/accounts";
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_TEXT_MAX,
  ComplaintDecisionInput,
  DeskComplaintRequest,
  type ComplaintCategory,
  type ComplaintDetail,
  type ComplaintOutcome,
} from "@shared/complaints";
import { UI_LANGUAGES, type UiLanguage } from "@shared/enums";
import type { NotifyChannel } from "@shared/notifications";
import {
  Alert,
  ErrorAlert,
  Link,
  Loading,
  PageTitle,
} from "../../../components/common";
import { AuditTimeline } from "../../../components/AuditTimeline";
import { Facts } from "../../../components/Facts";
import {
  SelectField,
  TextAreaField,
  TextField,
} from "../../../components/form";
import { formatDateTime } from "../../../lib/format";
import { useI18n, type MessageKey, type Values } from "../../../lib/i18n";
import { useNow } from "../../../lib/use-now";
import { validate, type Problems } from "../../../lib/validate";
import { useScopedCenters } from "../auth/scope";
import {
  complaintQueries,
  decideComplaint,
  fileDeskComplaint,
  type ComplaintFilter,
} from "./api";

/** Who decides (the server checks again, with the center's scope). */
const DECIDERS = new Set(["reviewer", "manager", "network-manager"]);
/** Who writes complaints down at a desk. */
const DESK = new Set(["administrator", "manager", "network-manager"]);

type T = (key: MessageKey, values?: Values) => string;

/** "2 d 5 h", "3 h 10 min": how long until (or since) a deadline. */
export function durationText(t: T, ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / (24 * 60));
  const hours = Math.floor((minutes % (24 * 60)) / 60);
  return days > 0
    ? t("complaints.days", { days, hours })
    : t("complaints.hours", { hours, minutes: minutes % 60 });
}

/**
 * `/admin/complaints`: open complaints of one's centers with the time
 * left, the overdue first and marked, and the desk's form;
 * `/admin/complaints/:id`: one complaint, its timeline and the decision.
 */
export function ComplaintsPage({
  account,
  complaintId,
}: {
  account: StaffAccount;
  complaintId: string | null;
}) {
  if (complaintId) {
    return <ComplaintReview account={account} complaintId={complaintId} />;
  }
  return <ComplaintList account={account} />;
}

function ComplaintList({ account }: { account: StaffAccount }) {
  const { t } = useI18n();
  const [filter, setFilter] = useState<ComplaintFilter>("open");
  const list = useQuery(complaintQueries.list(filter));
  const now = useNow();
  return (
    <>
      <PageTitle>{t("complaints.title")}</PageTitle>
      <p className="lead">{t("complaints.lead")}</p>
      {!DECIDERS.has(account.role) ? (
        <Alert kind="info">
          <p>{t("complaints.readOnly")}</p>
        </Alert>
      ) : null}
      <div className="toolbar no-print">
        <SelectField
          label={t("complaints.show")}
          name="state"
          value={filter}
          onChange={setFilter}
          options={(["open", "decided", "all"] as const).map((value) => ({
            value,
            label: t(`complaints.show.${value}`),
          }))}
        />
      </div>
      {list.error ? <ErrorAlert error={list.error} /> : null}
      {!list.data ? (
        <Loading />
      ) : list.data.length === 0 ? (
        <p>{t("complaints.none")}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="complaints">
            <thead>
              <tr>
                <th>{t("complaints.col.number")}</th>
                <th>{t("complaints.col.filed")}</th>
                <th>{t("complaints.col.person")}</th>
                <th>{t("complaints.col.category")}</th>
                <th>{t("complaints.col.deadline")}</th>
                <th>{t("complaints.col.timeLeft")}</th>
                <th>{t("complaints.col.state")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.data.map((complaint) => {
                const left = Date.parse(complaint.deadlineAt) - now;
                const overdue =
                  complaint.state === "open" &&
                  (complaint.overdue || left <= 0);
                return (
                  <tr
                    key={complaint.id}
                    data-complaint={complaint.number}
                    data-overdue={overdue ? "true" : undefined}
                  >
                    <td className="mono">{complaint.number}</td>
                    <td>{formatDateTime(complaint.filedAt)}</td>
                    <td>
                      {complaint.fullName}{" "}
                      <span className="mono">{complaint.maskedIin}</span>
                    </td>
                    <td>
                      {t(`complaint.category.${complaint.category}`)}
                      <br />
                      <span className="muted small">
                        {t(`complaint.source.${complaint.source}`)}
                      </span>
                    </td>
                    <td>{complaint.deadlineDay}</td>
                    <td>
                      {complaint.state === "decided" ? (
                        complaint.decidedLate ? (
                          <span className="badge badge--warning">
                            {t("complaints.decidedLate")}
                          </span>
                        ) : (
                          "—"
                        )
                      ) : overdue ? (
                        <span className="badge badge--danger">
                          {t("complaints.overdue", {
                            time: durationText(t, left),
                          })}
                        </span>
                      ) : (
                        t("complaints.left", { time: durationText(t, left) })
                      )}
                    </td>
                    <td>
                      {t(`complaint.state.${complaint.state}`)}
                      {complaint.outcome
                        ? ` · ${t(`complaint.outcome.${complaint.outcome}`)}`
                        : ""}
                    </td>
                    <td>
                      <Link
                        to={`/admin/complaints/${encodeURIComponent(complaint.id)}`}
                      >
                        {t("complaints.open")}
                      </Link>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {DESK.has(account.role) ? <DeskForm /> : null}
    </>
  );
}

function ComplaintReview({
  account,
  complaintId,
}: {
  account: StaffAccount;
  complaintId: string;
}) {
  const { t } = useI18n();
  const detail = useQuery(complaintQueries.detail(complaintId));
  const now = useNow();
  const back = (
    <p className="breadcrumb">
      <Link to="/admin/complaints">{t("complaints.back")}</Link>
    </p>
  );
  if (!detail.data) {
    return (
      <>
        {back}
        <PageTitle>{t("complaints.detail")}</PageTitle>
        {detail.error ? <ErrorAlert error={detail.error} /> : <Loading />}
      </>
    );
  }
  const complaint = detail.data;
  const left = Date.parse(complaint.deadlineAt) - now;
  const overdue = complaint.state === "open" && left <= 0;
  return (
    <>
      {back}
      <PageTitle>{`${t("complaints.detail")} ${complaint.number}`}</PageTitle>
      <section className="card" aria-labelledby="complaint-summary">
        <div className="card__header">
          <h2 id="complaint-summary">
            {t(`complaint.category.${complaint.category}`)}
          </h2>
          <span
            className={`badge ${overdue ? "badge--danger" : "badge--neutral"}`}
            data-testid="complaint-state"
          >
            {t(`complaint.state.${complaint.state}`)}
            {complaint.outcome
              ? ` · ${t(`complaint.outcome.${complaint.outcome}`)}`
              : overdue
                ? ` · ${t("complaints.overdue", { time: durationText(t, left) })}`
                : ""}
          </span>
        </div>
        <Facts
          rows={[
            [t("complaint.number"), complaint.number],
            [
              t("complaints.col.person"),
              `${complaint.fullName} ${complaint.maskedIin}`,
            ],
            [t("complaint.filedAt"), formatDateTime(complaint.filedAt)],
            [
              t("complaint.deadline"),
              t("complaint.deadlineDay", { day: complaint.deadlineDay }),
            ],
            [t("complaints.filedBy"), complaint.filedBy],
            [
              t("complaints.contact"),
              [
                complaint.contact.phone,
                complaint.contact.email,
                t(`complaints.desk.notify.${complaint.contact.notifyBy}`),
                t(
                  `complaints.desk.language.${complaint.contact.messageLanguage}`,
                ),
              ]
                .filter(Boolean)
                .join(" · "),
            ],
            ...(complaint.bookingId
              ? ([[t("complaints.booking"), complaint.bookingId]] as [
                  string,
                  string,
                ][])
              : []),
            ...(complaint.refusalNumber
              ? ([[t("complaints.refusal"), complaint.refusalNumber]] as [
                  string,
                  string,
                ][])
              : []),
          ]}
        />
        <h3>{t("complaint.text")}</h3>
        <p>{complaint.text}</p>
        {complaint.reason ? (
          <p data-testid="complaint-decision">
            <strong>
              {complaint.outcome
                ? t(`complaint.outcome.${complaint.outcome}`)
                : ""}
            </strong>{" "}
            — {t("complaint.reason")}: {complaint.reason}
            {complaint.decidedBy
              ? ` (${t("complaints.decidedBy", { name: complaint.decidedBy })})`
              : ""}
          </p>
        ) : null}
      </section>
      {complaint.state === "open" && DECIDERS.has(account.role) ? (
        <DecisionForm complaint={complaint} />
      ) : null}
      <section className="card" aria-labelledby="complaint-timeline">
        <h2 id="complaint-timeline">{t("complaints.timeline")}</h2>
        <AuditTimeline
          entries={complaint.timeline}
          testId="complaint-timeline"
        />
      </section>
    </>
  );
}

/** How each field's problem is worded (the rules are the shared schema's). */
const DECISION_PROBLEMS = {
  outcome: { key: "booking.error.checkField" },
  reason: { key: "common.error.reason" },
} as const;

/** The decision dialog: outcome and a reason, once. */
function DecisionForm({ complaint }: { complaint: ComplaintDetail }) {
  const { t } = useI18n();
  const [outcome, setOutcome] = useState<ComplaintOutcome>("rejected");
  const [reason, setReason] = useState("");
  const [problems, setProblems] = useState<
    Problems<keyof ComplaintDecisionInput>
  >({});
  const decide = useMutation({
    mutationFn: (input: ComplaintDecisionInput) =>
      decideComplaint(complaint.id, input),
    meta: { invalidates: [complaintQueries.all()] },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const checked = validate(
      ComplaintDecisionInput,
      { outcome, reason },
      DECISION_PROBLEMS,
    );
    setProblems(checked.problems ?? {});
    if (checked.data) decide.mutate(checked.data);
  }

  return (
    <section className="card" aria-labelledby="complaint-decide">
      <h2 id="complaint-decide">{t("complaints.decide")}</h2>
      <form className="form-grid" onSubmit={submit} noValidate>
        <SelectField
          label={t("complaints.outcome")}
          name="outcome"
          value={outcome}
          onChange={setOutcome}
          options={(["rejected", "upheld"] as const).map((value) => ({
            value,
            label: t(`complaint.outcome.${value}`),
          }))}
        />
        <TextAreaField
          label={t("common.reason")}
          hint={t("common.reasonHint")}
          error={problems.reason}
          wide
          name="reason"
          rows={3}
          required
          minLength={3}
          maxLength={1000}
          value={reason}
          onChange={setReason}
        />
        {decide.error ? <ErrorAlert error={decide.error} /> : null}
        <div className="form-actions field--wide">
          <button type="submit" className="button" disabled={decide.isPending}>
            {t("complaints.submitDecision")}
          </button>
        </div>
      </form>
    </section>
  );
}

const DESK_PROBLEMS = {
  category: { key: "booking.error.checkField" },
  text: { key: "complaint.error.text" },
  bookingId: { key: "booking.error.checkField" },
  person: { key: "booking.error.checkField" },
  centerId: { key: "booking.error.checkField" },
  refusalNumber: { key: "booking.error.checkField" },
} as const;

/**
 * Filing at the desk: about a booking (its number), or from a person on no
 * roster (name, IIN, contact) at one of the account's centers.
 */
function DeskForm() {
  const { t, localized } = useI18n();
  const centers = useScopedCenters();
  const [withBooking, setWithBooking] = useState<"yes" | "no">("yes");
  const [category, setCategory] =
    useState<ComplaintCategory>("admission_refused");
  const [text, setText] = useState("");
  const [bookingId, setBookingId] = useState("");
  const [fullName, setFullName] = useState("");
  const [iin, setIin] = useState("");
  const [phone, setPhone] = useState("");
  const [email, setEmail] = useState("");
  const [notifyBy, setNotifyBy] = useState<NotifyChannel | "">("");
  const [language, setLanguage] = useState<UiLanguage>("kk");
  const [centerId, setCenterId] = useState("");
  const [refusalNumber, setRefusalNumber] = useState("");
  const [problems, setProblems] = useState<
    Problems<keyof DeskComplaintRequest>
  >({});
  const file = useMutation({
    mutationFn: fileDeskComplaint,
    meta: { invalidates: [complaintQueries.all()] },
    onSuccess: () => {
      setText("");
      setBookingId("");
      setFullName("");
      setIin("");
      setPhone("");
      setEmail("");
      setRefusalNumber("");
    },
  });
  const chosenCenter = centerId || centers.data?.[0]?.id || "";

  function submit(event: FormEvent) {
    event.preventDefault();
    const optional = (value: string) => value.trim() || undefined;
    const checked = validate(
      DeskComplaintRequest,
      {
        category,
        text,
        refusalNumber: optional(refusalNumber),
        ...(withBooking === "yes"
          ? { bookingId: bookingId.trim() }
          : {
              centerId: chosenCenter,
              person: {
                fullName,
                iin: iin.trim(),
                phone: optional(phone),
                email: optional(email),
                notifyBy: notifyBy || undefined,
                messageLanguage: language,
              },
            }),
      },
      DESK_PROBLEMS,
    );
    setProblems(checked.problems ?? {});
    if (checked.data) file.mutate(checked.data);
  }

  return (
    <section className="card" aria-labelledby="complaint-desk">
      <h2 id="complaint-desk">{t("complaints.desk.title")}</h2>
      <p>{t("complaints.desk.lead")}</p>
      {file.data ? (
        <Alert kind="success">
          <p data-testid="complaint-filed">
            {t("complaints.desk.filed", {
              number: file.data.number,
              day: file.data.deadlineDay,
            })}
          </p>
        </Alert>
      ) : null}
      <form className="form-grid" onSubmit={submit} noValidate>
        <SelectField
          label={t("complaint.category")}
          name="category"
          value={category}
          onChange={setCategory}
          options={COMPLAINT_CATEGORIES.map((value) => ({
            value,
            label: t(`complaint.category.${value}`),
          }))}
        />
        <SelectField
          label={t("complaints.booking")}
          name="withBooking"
          value={withBooking}
          onChange={setWithBooking}
          options={[
            { value: "yes", label: t("complaints.desk.withBooking") },
            { value: "no", label: t("complaints.desk.withoutBooking") },
          ]}
        />
        {withBooking === "yes" ? (
          <TextField
            label={t("complaints.desk.bookingId")}
            error={problems.bookingId}
            name="bookingId"
            value={bookingId}
            onChange={setBookingId}
          />
        ) : (
          <>
            <SelectField
              label={t("complaints.desk.center")}
              error={problems.centerId}
              name="centerId"
              value={chosenCenter}
              onChange={setCenterId}
              options={(centers.data ?? []).map((center) => ({
                value: center.id,
                label: localized(center.name),
              }))}
            />
            <TextField
              label={t("complaints.desk.fullName")}
              error={problems.person}
              name="fullName"
              autoComplete="off"
              value={fullName}
              onChange={setFullName}
            />
            <TextField
              label={t("complaints.desk.iin")}
              name="iin"
              inputMode="numeric"
              autoComplete="off"
              maxLength={12}
              value={iin}
              onChange={setIin}
            />
            <TextField
              label={t("complaints.desk.phone")}
              name="phone"
              type="tel"
              autoComplete="off"
              value={phone}
              onChange={setPhone}
            />
            <TextField
              label={t("complaints.desk.email")}
              name="email"
              type="email"
              autoComplete="off"
              value={email}
              onChange={setEmail}
            />
            <SelectField
              label={t("complaints.desk.notifyBy")}
              name="notifyBy"
              value={notifyBy}
              onChange={setNotifyBy}
              empty="—"
              options={(["sms", "email", "none"] as const).map((value) => ({
                value,
                label: t(`complaints.desk.notify.${value}`),
              }))}
            />
            <SelectField
              label={t("complaints.desk.language")}
              name="messageLanguage"
              value={language}
              onChange={setLanguage}
              options={UI_LANGUAGES.map((value) => ({
                value,
                label: t(`complaints.desk.language.${value}`),
              }))}
            />
          </>
        )}
        <TextField
          label={t("complaints.desk.refusalNumber")}
          error={problems.refusalNumber}
          name="refusalNumber"
          placeholder="REF-…"
          value={refusalNumber}
          onChange={setRefusalNumber}
        />
        <TextAreaField
          label={t("complaint.text")}
          hint={t("complaint.textHint")}
          error={problems.text}
          wide
          name="text"
          rows={4}
          maxLength={COMPLAINT_TEXT_MAX}
          value={text}
          onChange={setText}
        />
        {file.error ? <ErrorAlert error={file.error} /> : null}
        <div className="form-actions field--wide">
          <button type="submit" className="button" disabled={file.isPending}>
            {t("complaints.desk.submit")}
          </button>
        </div>
      </form>
    </section>
  );
}
