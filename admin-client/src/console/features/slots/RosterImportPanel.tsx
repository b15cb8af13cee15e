import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useState, type FormEvent } from "react";
import { LIMITS } from "@shared/limits";
import { Alert, ErrorAlert } from "../../../components/common";
import { FileField, TextAreaField } from "../../../components/form";
import { Icon } from "../../../components/Icon";
import { useI18n } from "../../../lib/i18n";
import { slotKeys, slotQueries, startRosterImport } from "./api";

const POLL_MS = 1_000;

/**
 * Roster import: paste or upload a CSV (iin,fullName,language[,phone]).
 * The server books it in the background, all rows or none; we poll the
 * import, show the report line by line and reload the roster once done.
 */
export function RosterImportPanel({ slotId }: { slotId: string }) {
  const { t, errorText } = useI18n();
  const headingId = useId();
  const queryClient = useQueryClient();
  const [csv, setCsv] = useState("");
  const [fileError, setFileError] = useState<unknown>(null);
  const start = useMutation({
    mutationFn: (text: string) => startRosterImport(slotId, text),
  });
  const importId = start.data?.importId;
  const imported = useQuery({
    ...slotQueries.rosterImport(importId ?? ""),
    enabled: importId !== undefined,
    refetchInterval: (query) =>
      query.state.data?.status === "queued" ? POLL_MS : false,
  });
  const report = imported.data;
  const busy =
    start.isPending || imported.isLoading || report?.status === "queued";
  const error = fileError ?? start.error ?? imported.error;

  useEffect(() => {
    if (report?.status !== "done") return;
    void queryClient.invalidateQueries({
      queryKey: slotKeys.part(slotId, "roster"),
    });
  }, [report?.status, queryClient, slotId]);

  async function readFile(file: File) {
    if (file.size > LIMITS.maxRosterCsvBytes) {
      setFileError({
        id: "payload_too_large",
        message: t("error.payload_too_large"),
      });
      return;
    }
    setFileError(null);
    setCsv(await file.text());
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!csv.trim()) return;
    setFileError(null);
    start.mutate(csv);
  }

  const failed = report?.rows.filter((row) => !row.ok) ?? [];

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t("import.title")}</h2>
      <p className="muted">{t("import.lead")}</p>
      <form onSubmit={submit} noValidate>
        <div className="form-grid">
          <FileField
            label={t("import.file")}
            hint={t("import.fileHint")}
            accept=".csv,text/csv,text/plain"
            onFile={(file) => {
              if (file) void readFile(file);
            }}
          />
          <TextAreaField
            label={t("import.paste")}
            hint={t("import.pasteHint")}
            wide
            className="mono"
            spellCheck={false}
            placeholder={
              "iin,fullName,language,phone\n900102300121,Сейітова Әсел Нұрланқызы,kk,+77011234567"
            }
            value={csv}
            onChange={setCsv}
          />
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
