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
