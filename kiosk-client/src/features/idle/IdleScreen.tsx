import { useEffect, useMemo, useState } from "react";
import { UI_LANGUAGES } from "@shared/enums";
import { toLocalTime } from "@shared/time";
import { Frame } from "../../components/Frame";
import type { Kiosk } from "../../lib/api";
import { useServerNow, useServerOffset } from "../../lib/clock";
import { DICTIONARIES, useI18n } from "../../lib/i18n";
import { isUnauthorized, kioskSocket } from "../../lib/socket";

/** Kazakhstan's one zone; the kiosk view does not name the center's zone. */
const TIME_ZONE = "Asia/Almaty";

type Connection = "connecting" | "live" | "offline";

/**
 * Between tests: which seat this is, a clock on server time, and the
 * request to wait for the administrator, in all three languages at once.
 */
export function IdleScreen({
  token,
  kiosk,
  onRevoked,
}: {
  token: string;
  kiosk: Kiosk;
  /** The server refused the token: back to enrollment. */
  onRevoked: () => void;
}) {
  const { t, language } = useI18n();
  const socket = useMemo(() => kioskSocket(token), [token]);
  const [connection, setConnection] = useState<Connection>("connecting");

  useEffect(() => {
    const onConnect = () => setConnection("live");
    const onDisconnect = () => setConnection("offline");
    const onError = (error: Error) => {
      setConnection("offline");
      if (isUnauthorized(error)) onRevoked();
    };
    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    socket.on("connect_error", onError);
    socket.connect();
    return () => {
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      socket.off("connect_error", onError);
      socket.disconnect();
    };
  }, [socket, onRevoked]);

  const offset = useServerOffset(socket);
  const serverNow = useServerNow(offset);
  const local = serverNow === null ? null : toLocalTime(serverNow, TIME_ZONE);
  const others = UI_LANGUAGES.filter((code) => code !== language);

  return (
    <Frame
      status={
        <>
          <span className="connection" data-state={connection} role="status">
            {t(`connection.${connection}`)}
          </span>
          <span className="kiosk-id">{kiosk.id}</span>
        </>
      }
    >
      <div className="idle">
        <section className="idle__seat" aria-label={t("idle.seat")}>
          <p className="idle__seat-label">{t("idle.seat")}</p>
          <p className="idle__seat-value" data-testid="seat-label">
            {kiosk.seatLabel}
          </p>
          <dl className="idle__place">
            <dt>{t("idle.room")}</dt>
            <dd>{kiosk.roomName}</dd>
            <dt>{t("idle.center")}</dt>
            <dd>{kiosk.centerName[language]}</dd>
          </dl>
        </section>
        <section className="idle__message">
          <h1>{t("idle.wait")}</h1>
          <p className="lead">{t("idle.waitLead")}</p>
          <ul className="idle__other-languages">
            {others.map((code) => (
              <li key={code} lang={code}>
                {DICTIONARIES[code]["idle.wait"]}.{" "}
                {DICTIONARIES[code]["idle.waitLead"]}
              </li>
            ))}
          </ul>
          <div className="clock" aria-live="off">
            <span className="clock__label">{t("idle.serverTime")}</span>
            {local ? (
              <>
                <time
                  className="clock__time"
                  dateTime={new Date(serverNow ?? 0).toISOString()}
                  data-testid="server-clock"
                >
                  {local.time}
                </time>
                <span className="clock__date">
                  {local.date} · {local.utcOffset}
                </span>
              </>
            ) : (
              <span className="clock__syncing">{t("idle.syncing")}</span>
            )}
          </div>
        </section>
      </div>
    </Frame>
  );
}
