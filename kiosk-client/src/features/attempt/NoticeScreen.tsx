import { Frame } from "../../components/Frame";
import { StatusBar } from "../../components/StatusBar";
import type { Kiosk } from "@shared/kiosks";
import { useI18n } from "../../lib/i18n";
import type { Connection } from "./session";

/** A calm full-screen message: moved to another seat, or voided. */
export function NoticeScreen({
  kiosk,
  connection,
  kind,
}: {
  kiosk: Kiosk;
  connection: Connection;
  kind: "detached" | "voided";
}) {
  const { t } = useI18n();
  return (
    <Frame status={<StatusBar connection={connection} kiosk={kiosk} />}>
      <section
        className="panel panel--wide"
        role="status"
        aria-labelledby="notice-title"
      >
        <h1 id="notice-title">{t(`${kind}.title`)}</h1>
        <p className="lead">{t(`${kind}.lead`)}</p>
      </section>
    </Frame>
  );
}
