import { UI_LANGUAGES } from "@shared/enums";
import { toLocalTime } from "@shared/time";
import { Frame } from "../../components/Frame";
import { StatusBar } from "../../components/StatusBar";
import type { Kiosk } from "@shared/kiosks";
import { useServerNow } from "../../lib/clock";
import { DICTIONARIES, useI18n } from "../../lib/i18n";
import type { Connection } from "../attempt/session";

/**
 * Between tests: which seat this is, a clock on server time, and the
 * request to wait for the administrator, in all three languages at once.
 */
export function IdleScreen({
  kiosk,
  connection,
  offset,
}: {
  kiosk: Kiosk;
  connection: Connection;
  /** Server time minus local time; null until measured. */
  offset: number | null;
}) {
  const { t, language } = useI18n();
  const serverNow = useServerNow(offset);
  const local =
    serverNow === null ? null : toLocalTime(serverNow, kiosk.timezone);
  const others = UI_LANGUAGES.filter((code) => code !== language);

  return (
    <Frame status={<StatusBar connection={connection} kiosk={kiosk} />}>
      <div className="idle">
        <section className="idle__seat" aria-label={t("idle.seat")}>
          <p className="idle__seat-label">{t("idle.seat")}</p>
          <p className="idle__seat-value" data-testid="seat-label">
            {kiosk.seatLabel}
          </p>
          <dl className="idle__place">
            <dt>{t("idle.room")}</dt>
            <dd>{kiosk.roomNames[language]}</dd>
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
