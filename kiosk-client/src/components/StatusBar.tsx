import type { Kiosk } from "@shared/kiosks";
import { useI18n } from "../lib/i18n";
import type { Connection } from "../features/attempt/session";

/** The bottom line of every screen: connection, seat and kiosk id. */
export function StatusBar({
  connection,
  kiosk,
}: {
  connection: Connection;
  kiosk: Kiosk;
}) {
  const { t } = useI18n();
  return (
    <>
      <span className="connection" data-state={connection} role="status">
        {t(`connection.${connection}`)}
      </span>
      <span className="kiosk-id">
        {t("idle.seat")} {kiosk.seatLabel} · {kiosk.id}
      </span>
    </>
  );
}

/**
 * The test's top-left corner: seat, connection and the candidate's name,
 * where a candidate and a walking administrator look first. The test has
 * no bottom line: nothing may sit under its action bar.
 */
export function SeatIdentity({
  connection,
  kiosk,
  candidate,
}: {
  connection: Connection;
  kiosk: Kiosk;
  candidate: string;
}) {
  const { t } = useI18n();
  return (
    <span className="seat-identity">
      <span className="seat-identity__line">
        <span className="seat-identity__seat" data-testid="header-seat">
          {t("idle.seat")} <strong>{kiosk.seatLabel}</strong>
        </span>
        <span
          className="connection seat-identity__connection"
          data-state={connection}
          role="status"
        >
          {t(`connection.${connection}`)}
        </span>
      </span>
      <span className="seat-identity__name" data-testid="header-candidate">
        {candidate}
      </span>
    </span>
  );
}
