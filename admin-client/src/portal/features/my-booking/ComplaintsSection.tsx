import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { BOOKING_CODE_HEADER, type BookingStatusView } from "@shared/booking";
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_TEXT_MAX,
  ComplaintRequest,
  type ComplaintCategory,
  type PublicComplaint,
} from "@shared/complaints";
import { Alert } from "../../../components/common";
import { SelectField, TextAreaField } from "../../../components/form";
import { api } from "../../../lib/api";
import { formatDateTime } from "../../../lib/format";
import { useI18n } from "../../../lib/i18n";
import { validate, type Problems } from "../../../lib/validate";
import { bookingQueries } from "./api";

/** Files a complaint about the booking; the code travels in a header. */
function fileComplaint(
  bookingId: string,
  code: string,
  complaint: ComplaintRequest,
) {
  return api.post<PublicComplaint>(
    `/bookings/${encodeURIComponent(bookingId)}/complaints`,
    complaint,
    { headers: { [BOOKING_CODE_HEADER]: code } },
  );
}

/** How each field's problem is worded (the rules are ComplaintRequest's). */
const PROBLEMS = {
  category: { key: "booking.error.checkField" },
  text: { key: "complaint.error.text" },
} as const;

/**
 * The status page's complaints: each with its registration number,
 * deadline, state and decision, and the form to file one (a refused
 * admission, a no-show, a technical problem, staff conduct).
 */
export function ComplaintsSection({
  booking,
  code,
}: {
  booking: BookingStatusView;
  code: string;
}) {
  const { t, errorText } = useI18n();
  const zone = booking.slot.timezone;
  const [category, setCategory] = useState<ComplaintCategory>(
    booking.status === "no_show" ? "no_show" : "admission_refused",
  );
  const [text, setText] = useState("");
  const [problems, setProblems] = useState<Problems<keyof ComplaintRequest>>(
    {},
  );
  const file = useMutation({
    mutationFn: (complaint: ComplaintRequest) =>
      fileComplaint(booking.id, code, complaint),
    meta: { invalidates: [bookingQueries.status(booking.id, code).queryKey] },
    onSuccess: () => setText(""),
  });
  const complaints = booking.complaints ?? [];

  function submit(event: FormEvent) {
    event.preventDefault();
    const checked = validate(ComplaintRequest, { category, text }, PROBLEMS);
    setProblems(checked.problems ?? {});
    if (checked.data) file.mutate(checked.data);
  }

  return (
    <section
      className="card"
      aria-labelledby="complaints-title"
      data-testid="complaints-section"
    >
      <h2 id="complaints-title">{t("complaint.title")}</h2>
      <p>{t("complaint.lead")}</p>
      {complaints.map((complaint) => (
        <article
          key={complaint.id}
          className="appeal"
          data-testid="complaint"
          data-state={complaint.state}
        >
          <h3>
            {t(`complaint.category.${complaint.category}`)} ·{" "}
            <span className="mono">{complaint.number}</span>
          </h3>
          <p className="muted">{complaint.text}</p>
          <p>
            {t("complaint.filedAt")}: {formatDateTime(complaint.filedAt, zone)}
            {" · "}
            {t("complaint.deadline")}:{" "}
            {t("complaint.deadlineDay", { day: complaint.deadlineDay })}
            {" · "}
            <strong>{t(`complaint.state.${complaint.state}`)}</strong>
          </p>
          {complaint.outcome ? (
            <p data-testid="complaint-decision">
              <strong>{t(`complaint.outcome.${complaint.outcome}`)}</strong>
              {complaint.reason
                ? ` — ${t("complaint.reason")}: ${complaint.reason}`
                : ""}
            </p>
          ) : null}
        </article>
      ))}
      {file.data ? (
        <Alert kind="success">
          <p>
            {t("complaint.filed", {
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
        {file.error ? (
          <Alert kind="error">
            <p>{errorText(file.error)}</p>
          </Alert>
        ) : null}
        <div className="form-actions field--wide">
          <button type="submit" className="button" disabled={file.isPending}>
            {t("complaint.submit")}
          </button>
        </div>
      </form>
    </section>
  );
}
