import { useEffect, useRef, useState } from "react";
import {
  bookingStatusPath,
  formatBookingCode,
  normalizeBookingCode,
} from "@shared/booking";
import { useI18n } from "../../lib/i18n";
import { Alert, Link } from "../common";
import { Facts } from "../Facts";
import { Icon } from "../Icon";
import type { BookedDetails } from "./BookingForm";
import { ReceiptButton } from "./ReceiptButton";

/**
 * What the candidate must leave with: the booking code (the only key to
 * the booking, shown once), the receipt and the status page. Links are
 * built on this page's origin, not from the absolute `statusUrl` the
 * server prints on paper: behind a proxy or under another host name that
 * URL is cross-origin.
 */
export function BookingConfirmation({
  details,
  staff,
  onAnother,
}: {
  details: BookedDetails;
  /** At the desk: the code is handed over on paper. */
  staff: boolean;
  onAnother?: () => void;
}) {
  const { t, localized } = useI18n();
  const { created, request, slot, person } = details;
  const titleRef = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState(false);
  // The server may send the code grouped already; group it our way once.
  const code = formatBookingCode(
    normalizeBookingCode(created.code) ?? created.code,
  );

  useEffect(() => {
    titleRef.current?.focus();
  }, []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(code);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }

  return (
    <section className="card" aria-labelledby="booking-done-title">
      <h2 id="booking-done-title" ref={titleRef} tabIndex={-1}>
        {t(staff ? "confirmation.titleStaff" : "confirmation.title")}
      </h2>
      <Alert kind="success">
        <p>{t(staff ? "confirmation.leadStaff" : "confirmation.lead")}</p>
      </Alert>
      <div className="booking-code">
        <span className="label" id="booking-code-label">
          {t("confirmation.code")}
        </span>
        <span
          className="booking-code__value"
          aria-labelledby="booking-code-label"
          data-testid="booking-code"
        >
          {code.split("-").map((group, index) => (
            <span key={index}>
              {index > 0 ? "-" : ""}
              {group}
              <wbr />
            </span>
          ))}
        </span>
        <button
          type="button"
          className="button button--secondary button--small no-print"
          onClick={() => void copy()}
        >
          {copied ? <Icon name="check" size={18} /> : null}
          {copied ? t("confirmation.copied") : t("confirmation.copy")}
        </button>
      </div>
      <Alert kind="warning">
        <p>{t("confirmation.keepCode")}</p>
      </Alert>
      <Facts
        rows={[
          [t("facts.receiptNumber"), created.id],
          [t("facts.fullName"), request.fullName],
          ...(person.category
            ? ([
                [
                  t("person.facts.category"),
                  `${person.category.code} — ${localized(person.category.titles)}`,
                ],
              ] as [string, string][])
            : []),
          [t("person.facts.kind"), t(`person.kind.${person.candidateKind}`)],
          [t("facts.program"), localized(slot.program.titles)],
          [t("facts.testLanguage"), t(`testLanguage.${request.language}`)],
          [
            t("facts.when"),
            `${created.slot.date} ${created.slot.time} (${created.slot.utcOffset})`,
          ],
          [
            t("facts.where"),
            `${localized(created.slot.place.name)}, ${localized(created.slot.place.address)}`,
          ],
          [t("facts.room"), localized(created.slot.room.names)],
        ]}
      />
      <div className="form-actions no-print">
        <ReceiptButton
          bookingId={created.id}
          code={created.code}
          testId="receipt-link"
        />
        <Link
          className="button button--secondary"
          to={bookingStatusPath(created.id, created.code)}
        >
          {t("confirmation.statusPage")}
        </Link>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => window.print()}
        >
          <Icon name="print" />
          {t("confirmation.print")}
        </button>
        {onAnother ? (
          <button
            type="button"
            className="button button--link"
            onClick={onAnother}
          >
            {t("confirmation.another")}
          </button>
        ) : null}
      </div>
    </section>
  );
}
