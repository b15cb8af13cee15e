import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { StaffAccount } from "@shared/accounts";
import type { AttemptDetail, ChainResult } from "@shared/attempts";
import { formatBookingCode, normalizeBookingCode } from "@shared/booking";
import { ReceiptButton } from "../../../components/booking/ReceiptButton";
import { Alert, Link } from "../../../components/common";
import { Icon } from "../../../components/Icon";
import { useI18n } from "../../../lib/i18n";
import { ActionDialog } from "./ActionDialog";
import { attemptQueries, chainAttempt } from "./api";
import { followOnOffer, seatMapPath } from "./profile";
import { clockTime } from "./time";

/**
 * The assessment in the same visit, in the seat panel: once a knowledge
 * test's certificate is issued and an assessment slot admits in this room
 * (the attempt's `followOn`), the administrator continues the candidate
 * with it on the same seat (POST /attempts/:id/chain). Then the panel says
 * where the candidate went, with the booking code to hand over when the
 * desk booked them.
 */
export function ChainSection({
  detail,
  account,
  seatLabel,
  zone,
}: {
  detail: AttemptDetail;
  account: StaffAccount;
  seatLabel: string;
  zone: string;
}) {
  const { t, localized } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const [chained, setChained] = useState<ChainResult | null>(null);
  const chain = useMutation({
    mutationFn: () => chainAttempt(detail.id),
    meta: { invalidates: [attemptQueries.detail(detail.id).queryKey] },
  });
  const followOn = detail.followOn;

  if (chained) return <Chained result={chained} />;
  if (detail.chainedTo) return <ChainedTo attemptId={detail.chainedTo} />;
  if (detail.chainedFrom) {
    return <p className="small muted">{t("chain.chainedFrom")}</p>;
  }
  if (!followOn || account.role !== "administrator") return null;

  const offer = followOnOffer(followOn);
  const program = localized(followOn.programTitles);
  const time = (at: number) => clockTime(at, zone).slice(0, 5);
  return (
    <section aria-labelledby="seat-panel-chain" data-testid="chain">
      <h3 id="seat-panel-chain">{t("chain.title")}</h3>
      <p className="small">
        {t("chain.lead", { program, time: time(followOn.startsAt) })}
      </p>
      <p className="small muted">
        {offer === "admit"
          ? t("chain.alreadyBooked")
          : offer === "book"
            ? t("chain.willBook")
            : offer === "full"
              ? t("chain.full")
              : t("chain.bookingClosed", {
                  time: time(followOn.bookingCutoffAt),
                })}
      </p>
      <div className="button-row">
        <button
          type="button"
          className="button button--small"
          disabled={offer === "full" || offer === "booking_closed"}
          onClick={() => setConfirming(true)}
        >
          <Icon name="plus" size={16} />
          {t("chain.continue")}
        </button>
      </div>
      {confirming ? (
        <ActionDialog
          title={t("chain.confirmTitle", { name: detail.fullName })}
          lead={t(
            offer === "admit" ? "chain.confirmAdmit" : "chain.confirmBook",
            {
              program,
              seat: seatLabel,
            },
          )}
          confirmLabel={t("chain.continue")}
          onConfirm={async () => setChained(await chain.mutateAsync())}
          onClose={() => setConfirming(false)}
        />
      ) : null}
    </section>
  );
}

/** What the chain did: where the candidate sits now, and the code to hand over. */
function Chained({ result }: { result: ChainResult }) {
  const { t, localized } = useI18n();
  return (
    <section aria-labelledby="seat-panel-chain" data-testid="chained">
      <h3 id="seat-panel-chain">{t("chain.title")}</h3>
      <Alert kind="success">
        <p role="status">
          {t("chain.done", {
            name: result.fullName,
            program: localized(result.programTitles),
            seat: result.seatLabel,
          })}
        </p>
      </Alert>
      {result.booking ? (
        <>
          <p className="small">{t("chain.codeLead")}</p>
          <p className="mono" data-testid="chain-code">
            <strong>
              {formatBookingCode(
                normalizeBookingCode(result.booking.code) ??
                  result.booking.code,
              )}
            </strong>
          </p>
          <ReceiptButton
            bookingId={result.booking.id}
            code={result.booking.code}
          />
        </>
      ) : null}
      <p>
        <Link to={seatMapPath(result.slotId, result.seatId)}>
          {t("chain.openSeatMap")}
        </Link>
      </p>
    </section>
  );
}

/** A test already continued: a link to the assessment's seat. */
function ChainedTo({ attemptId }: { attemptId: string }) {
  const { t } = useI18n();
  const next = useQuery(attemptQueries.detail(attemptId));
  return (
    <section aria-labelledby="seat-panel-chain">
      <h3 id="seat-panel-chain">{t("chain.title")}</h3>
      <p className="small">{t("chain.chainedTo")}</p>
      {next.data ? (
        <p>
          <Link to={seatMapPath(next.data.slotId, next.data.seatId)}>
            {t("chain.openSeatMap")}
          </Link>
        </p>
      ) : null}
    </section>
  );
}
