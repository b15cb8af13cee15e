import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { ErrorAlert, Loading } from "../../../components/common";
import { formatShortDate } from "../../../lib/format";
import { useI18n, type MessageKey } from "../../../lib/i18n";
import { configurationQueries } from "./api";

/** "ab:cd:…": a fingerprint as people compare it, two hex digits at a time. */
const grouped = (hex: string) => hex.match(/.{1,2}/g)?.join(":") ?? hex;

/**
 * Which keys sign this installation's documents: the center's own files
 * (configured) or keys Synaq made under DATA_DIR/keys, with fingerprints
 * to compare with the center's records.
 */
export function KeysSection() {
  const { t } = useI18n();
  const headingId = useId();
  const keys = useQuery(configurationQueries.keys());
  const source = (value: "configured" | "generated"): MessageKey =>
    value === "configured"
      ? "config.keySource.configured"
      : "config.keySource.generated";
  return (
    <section
      className="card"
      aria-labelledby={headingId}
      data-testid="signing-keys"
    >
      <h2 id={headingId}>{t("config.keys")}</h2>
      <p className="muted">{t("config.keysLead")}</p>
      <ErrorAlert error={keys.error} />
      {keys.isLoading ? <Loading /> : null}
      {keys.data ? (
        <dl className="facts">
          <dt>{t("config.keySigning")}</dt>
          <dd data-key-source={keys.data.signing.source}>
            <strong>{t(source(keys.data.signing.source))}</strong>
            <br />
            {t("config.keySubject")}: {keys.data.signing.subject}
            <br />
            {t("config.keyValidUntil")}:{" "}
            {formatShortDate(keys.data.signing.notAfter)}
            <br />
            {t("config.keyFingerprint")}:{" "}
            <code style={{ wordBreak: "break-all" }}>
              {grouped(keys.data.signing.fingerprintSha256)}
            </code>
          </dd>
          <dt>{t("config.keyQr")}</dt>
          <dd data-key-source={keys.data.qr.source}>
            <strong>{t(source(keys.data.qr.source))}</strong>
            <br />
            {t("config.keyId")}: <code>{keys.data.qr.keyId}</code>
            <br />
            {t("config.keyFingerprint")}:{" "}
            <code style={{ wordBreak: "break-all" }}>
              {grouped(keys.data.qr.fingerprintSha256)}
            </code>
          </dd>
        </dl>
      ) : null}
      {keys.data &&
      (keys.data.signing.source === "generated" ||
        keys.data.qr.source === "generated") ? (
        <p className="muted">{t("config.keyGeneratedHint")}</p>
      ) : null}
    </section>
  );
}
