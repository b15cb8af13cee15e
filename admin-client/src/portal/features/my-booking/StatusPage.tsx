import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import type { BookingStatusView } from "@shared/booking";
import { ReceiptButton } from "../../../components/booking/ReceiptButton";
import { nextBookingText } from "../../../components/booking/eligibility";
import {
  Alert,
  ConfirmDialog,
  ErrorAlert,
  Link,
  Loading,
  PageTitle,
} from "../../../components/common";
import { Facts } from "../../../components/Facts";
import { Icon } from "../../../components/Icon";
import { StatusBadge } from "../../../components/StatusBadge";
import { formatDateTime } from "../../../lib/format";
import { useI18n } from "../../../lib/i18n";
import { programQueries } from "../../../lib/queries";
import { useNow } from "../../../lib/use-now";
import { AppealSection } from "./AppealSection";
import { ComplaintsSection } from "./ComplaintsSection";
import { bookingQueries, cancelBooking } from "./api";
import { LookupForm } from "./LookupPage";
import { MessagesSection } from "./MessagesSection";

/**
 * `/booking/:id#<code>`: a booking's status, its receipt, and cancelling
 * it until the booking cutoff. Without a code, the lookup form.
 */
export function StatusPage({ id, code }: { id: string; code: string | null }) {
  const { t } = useI18n();
  if (!code) {
    return (
      <>
        <PageTitle>{t("lookup.title")}</PageTitle>
        <p className="lead">{t("lookup.lead")}</p>
        <LookupForm initialId={id} />
      </>
    );
  }
  return <BookingStatus key={`${id}|${code}`} id={id} code={code} />;
}

function BookingStatus({ id, code }: { id: string; code: string }) {
  const { t, localized, errorText } = useI18n();
  const queryClient = useQueryClient();
  const query = bookingQueries.status(id, code);
  const loaded = useQuery(query);
  const [confirming, setConfirming] = useState(false);
  // The answer to a cancellation is the booking as it is now.
  const cancel = useMutation({
    mutationFn: () => cancelBooking(id, code),
    onSuccess: (answer) =>
      queryClient.setQueryData(query.queryKey, (current) =>
        current ? { ...current, ...answer } : answer,
      ),
    onSettled: () => setConfirming(false),
  });
  const booking: BookingStatusView | undefined = loaded.data;
  const programs = useQuery(programQueries.list()).data;
  const now = useNow();

  if (loaded.error) {
    return (
      <>
        <PageTitle>{t("status.title")}</PageTitle>
        <ErrorAlert error={loaded.error} />
        <LookupForm initialId={id} />
      </>
    );
  }
  if (!booking) {
    return (
      <>
        <PageTitle>{t("status.title")}</PageTitle>
        <Loading />
      </>
    );
  }

  const zone = booking.slot.timezone;
  const programTitle = (programId: string) => {
    const program =
      programId === booking.program.id
        ? booking.program
        : programs?.find((entry) => entry.id === programId);
    return program ? localized(program.titles) : programId;
  };
  const cancellable =
    booking.status === "booked" &&
    now < Date.parse(booking.slot.bookingCutoffAt);

  return (
    <>
      <PageTitle>{t("status.title")}</PageTitle>
      <p className="lead">
        {t("status.receiptNumber")}: <span className="mono">{booking.id}</span>
      </p>
      {cancel.isSuccess ? (
        <Alert kind="success" title={t("status.cancelledNow")}>
          <p>{t("status.cancelledNowLead")}</p>
        </Alert>
      ) : null}
      {booking.retestOf ? (
        <Alert kind="info">
          <p>{t("status.retestOf", { id: booking.retestOf })}</p>
        </Alert>
      ) : null}
      {booking.anonymized ? (
        <Alert kind="info">
          <p>{t("status.anonymized")}</p>
        </Alert>
      ) : null}
      {cancel.error ? (
        <Alert kind="error" title={t("status.cancelFailed")}>
          <p>{errorText(cancel.error)}</p>
        </Alert>
      ) : null}
      <section className="card" aria-labelledby="booking-status-title">
        <div className="card__header">
          <h2 id="booking-status-title">{t("status.current")}</h2>
          <StatusBadge status={booking.status} />
        </div>
        {booking.result ? (
          <Alert
            kind={booking.result.passed ? "success" : "info"}
            title={
              booking.result.passed ? t("status.passed") : t("status.notPassed")
            }
          >
            {booking.result.certificateNumber ? (
              <p>
                {t("status.document")}:{" "}
                <Link
                  to={`/verify/${encodeURIComponent(booking.result.certificateNumber)}`}
                >
                  {booking.result.certificateNumber}
                </Link>
              </p>
            ) : null}
          </Alert>
        ) : null}
        <Facts
          rows={[
            [t("facts.fullName"), booking.fullName],
            [t("facts.iin"), <span className="mono">{booking.maskedIin}</span>],
            ...(booking.positionCategory
              ? ([
                  [
                    t("person.facts.category"),
                    <span data-testid="status-category">
                      {booking.positionCategory.code} —{" "}
                      {localized(booking.positionCategory.titles)}
                    </span>,
                  ],
                ] as [string, ReactNode][])
              : []),
            ...(booking.candidateKind
              ? ([
                  [
                    t("person.facts.kind"),
                    t(`person.kind.${booking.candidateKind}`),
                  ],
                ] as [string, string][])
              : []),
            [t("facts.program"), localized(booking.program.titles)],
            [t("facts.testLanguage"), t(`testLanguage.${booking.language}`)],
            [
              t("facts.when"),
              `${booking.slot.date} ${booking.slot.time} (${booking.slot.utcOffset})`,
            ],
            [
              t("facts.where"),
              `${localized(booking.slot.place.name)}, ${localized(booking.slot.place.address)}`,
            ],
            [t("facts.room"), localized(booking.slot.room.names)],
            [t("facts.bookedAt"), formatDateTime(booking.createdAt, zone)],
            ...(booking.cancelledAt
              ? ([
                  [
                    t("facts.cancelledAt"),
                    formatDateTime(booking.cancelledAt, zone),
                  ],
                ] as [string, string][])
              : []),
            [t("facts.consentVersion"), booking.consentVersion],
            ...(booking.consentCollectedBy
              ? ([
                  [t("facts.consentCollectedBy"), booking.consentCollectedBy],
                ] as [string, string][])
              : []),
          ]}
        />
        <div className="form-actions no-print">
          {booking.status !== "cancelled" ? (
            <ReceiptButton bookingId={booking.id} code={code} />
          ) : null}
          {cancellable ? (
            <button
              type="button"
              className="button button--danger"
              onClick={() => setConfirming(true)}
            >
              <Icon name="cross" />
              {t("status.cancel")}
            </button>
          ) : null}
        </div>
        {booking.status === "booked" && !cancellable ? (
          <p className="muted small">
            {t("status.cancelClosed", {
              at: formatDateTime(booking.slot.bookingCutoffAt, zone),
            })}
          </p>
        ) : null}
        {cancellable ? (
          <p className="muted small">
            {t("status.cancelUntil", {
              at: formatDateTime(booking.slot.bookingCutoffAt, zone),
            })}
          </p>
        ) : null}
        {booking.nextBooking ? (
          <Alert kind="info" title={t("status.next.title")}>
            <p data-testid="next-booking">
              {nextBookingText(t, booking.nextBooking, programTitle)}
            </p>
          </Alert>
        ) : null}
      </section>
      <AppealSection booking={booking} code={code} />
      <ComplaintsSection booking={booking} code={code} />
      <MessagesSection booking={booking} />
      <ConfirmDialog
        open={confirming}
        title={t("status.confirmTitle")}
        confirmLabel={t("status.confirmYes")}
        cancelLabel={t("status.confirmNo")}
        danger
        busy={cancel.isPending}
        onConfirm={() => cancel.mutate()}
        onCancel={() => setConfirming(false)}
      >
        <p>
          {t("status.confirmLead", {
            date: booking.slot.date,
            time: booking.slot.time,
          })}
        </p>
      </ConfirmDialog>
    </>
  );
}
