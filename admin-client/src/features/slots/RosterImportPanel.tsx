import { useEffect, useId, useState, type FormEvent } from "react";
import type { RosterImport } from "@shared/booking";
import { LIMITS } from "@shared/limits";
import { Alert, ErrorAlert, Field } from "../../components/common";
import { Icon } from "../../components/Icon";
import { isAbort } from "../../lib/api";
import { useI18n } from "../../lib/i18n";
import { getRosterImport, startRosterImport } from "./api";

const POLL_MS = 1_000;

/**
 * Roster import: paste or upload a CSV (iin,fullName,language[,phone]).
 * The server books it in the background, all rows or none; we poll the
 * import and show the report line by line.
 */
export function RosterImportPanel({
  slotId,
  onImported,
}: {
  slotId: string;
  onImported: () => void;
}) {
  const { t, errorText } = useI18n();
  const headingId = useId();
  const [csv, setCsv] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [importId, setImportId] = useState<string | null>(null);
  const [report, setReport] = useState<RosterImport | null>(null);

  useEffect(() => {
    if (!importId) return;
    const controller = new AbortController();
    let timer: number | undefined;
    const poll = () => {
      getRosterImport(importId, controller.signal).then(
        (current) => {
          setReport(current);
          if (current.status === "queued") {
            timer = window.setTimeout(poll, POLL_MS);
            return;
          }
          setBusy(false);
          if (current.status === "done") onImported();
        },
        (caught: unknown) => {
          if (isAbort(caught)) return;
          setError(caught);
          setBusy(false);
        },
      );
    };
    poll();
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [importId, onImported]);

  async function readFile(file: File) {
    if (file.size > LIMITS.maxRosterCsvBytes) {
      setError({
        id: "payload_too_large",
        message: t("error.payload_too_large"),
      });
      return;
    }
    setCsv(await file.text());
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!csv.trim()) return;
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      const { importId: started } = await startRosterImport(slotId, csv);
      setImportId(started);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  const failed = report?.rows.filter((row) => !row.ok) ?? [];

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t("import.title")}</h2>
      <p className="muted">{t("import.lead")}</p>
      <form onSubmit={submit} noValidate>
        <div className="form-grid">
          <Field label={t("import.file")} hint={t("import.fileHint")}>
            {(props) => (
              <input
                {...props}
                type="file"
                accept=".csv,text/csv,text/plain"
                onChange={(event) => {
                  const file = event.target.files?.[0];
                  if (file) void readFile(file);
                }}
              />
            )}
          </Field>
          <Field label={t("import.paste")} hint={t("import.pasteHint")} wide>
            {(props) => (
              <textarea
                {...props}
                className="mono"
                spellCheck={false}
                placeholder={
                  "iin,fullName,language,phone\n900102300121,Сейітова Әсел Нұрланқызы,kk,+77011234567"
                }
                value={csv}
                onChange={(event) => setCsv(event.target.value)}
              />
            )}
          </Field>
        </div>
        <div className="form-actions">
          <button
            type="submit"
            className="button"
            disabled={busy || !csv.trim()}
          >
            {busy ? (
              <span className="spinner" aria-hidden="true" />
            ) : (
              <Icon name="upload" />
            )}
            {t("import.submit")}
          </button>
        </div>
      </form>
      <div aria-live="polite">
        <ErrorAlert error={error} />
        {report?.status === "queued" ? (
          <Alert kind="info" title={t("import.queued")}>
            <p>{t("import.queuedLead")}</p>
          </Alert>
        ) : null}
        {report?.status === "done" ? (
          <Alert kind="success" title={t("import.done")}>
            <p>{t("import.doneLead", { count: report.imported })}</p>
          </Alert>
        ) : null}
        {report?.status === "rejected" ? (
          <Alert kind="error" title={t("import.rejected")}>
            <p>
              {report.error
                ? errorText(report.error)
                : t("import.rejectedLead", { count: failed.length })}
            </p>
          </Alert>
        ) : null}
        {report && report.rows.length > 0 ? (
          <div className="table-wrap">
            <table data-testid="import-report">
              <caption>{t("import.report")}</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {t("import.line")}
                  </th>
                  <th scope="col">{t("facts.iin")}</th>
                  <th scope="col">{t("import.outcome")}</th>
                </tr>
              </thead>
              <tbody>
                {report.rows.map((row) => (
                  <tr key={row.line}>
                    <td className="num">{row.line}</td>
                    <td className="mono">{row.iin || "—"}</td>
                    <td>
                      {row.ok ? (
                        <span className="badge badge--success">
                          <Icon name="check" size={14} />
                          {t("import.rowOk")}
                        </span>
                      ) : (
                        <span className="field__error">
                          <Icon name="warning" size={16} />
                          {row.error
                            ? errorText(row.error)
                            : t("import.rowFailed")}
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </div>
    </section>
  );
}
