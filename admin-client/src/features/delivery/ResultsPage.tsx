import { useEffect, useState } from "react";
import { Alert, ErrorAlert, Loading } from "../../components/common";
import { Icon } from "../../components/Icon";
import { useI18n } from "../../lib/i18n";
import { useResource } from "../../lib/use-resource";
import type { Account } from "../auth/session";
import { ActionDialog } from "./ActionDialog";
import {
  certificatePdfUrl,
  getCertificate,
  getResults,
  getSeatMap,
  protocolPdfUrl,
  revokeCertificate,
  signOff,
  signOffSlot,
  type ResultRow,
  type Signature,
} from "./api";
import { SlotFrame, useSlot } from "./SlotFrame";
import { clockTime } from "./time";

const SIGNERS = ["administrator", "operator"] as const;
type Signer = (typeof SIGNERS)[number];

/** Rows still moving on their own: being scored or being issued. */
function pending(row: ResultRow): boolean {
  if (row.state === "submitted" || row.state === "expired") return true;
  return row.officialAt !== null && row.certificateNumber === null;
}

const POLL_MS = 2_000;

/**
 * A slot's results: scores per section and in total, pass or not, the two
 * sign-offs that make them official, and the signed document each one gets.
 */
export function ResultsPage({
  account,
  slotId,
}: {
  account: Account;
  slotId: string;
}) {
  const { t } = useI18n();
  const slot = useSlot(slotId);
  const results = useResource(`results:${slotId}`, (signal) =>
    getResults(slotId, signal),
  );
  const seats = useResource(
    account.role === "reviewer" ? null : `result-seats:${slotId}`,
    (signal) => getSeatMap(slotId, signal),
  );
  const [signing, setSigning] = useState<ResultRow | "all" | null>(null);
  const [revoking, setRevoking] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [documents, setDocuments] = useState(0);

  const rows = results.data ?? [];
  const waiting = rows.some(pending);
  const { reload } = results;
  useEffect(() => {
    if (!waiting || results.loading) return;
    const timer = window.setTimeout(reload, POLL_MS);
    return () => window.clearTimeout(timer);
  }, [waiting, results.loading, reload]);

  const signer: Signer | null =
    account.role === "administrator" || account.role === "operator"
      ? account.role
      : null;
  const canRevoke =
    account.role === "administrator" || account.role === "manager";
  const sectionIds = [
    ...new Set(
      rows.flatMap((row) =>
        (row.result?.sections ?? []).map((section) => section.sectionId),
      ),
    ),
  ];
  const zone = slot.data?.center.timezone ?? "Asia/Almaty";
  const seatLabel = (seatId: string) =>
    seats.data?.find((seat) => seat.seatId === seatId)?.label ?? "";
  const unsigned = signer
    ? rows.filter(
        (row) =>
          row.state === "scored" &&
          (signer === "administrator"
            ? row.signedAdministrator
            : row.signedOperator) === null,
      ).length
    : 0;

  return (
    <SlotFrame
      slotId={slotId}
      role={account.role}
      current="results"
      title={t("results.title")}
      slot={slot.data}
      actions={
        <div className="button-row">
          {signer ? (
            <button
              type="button"
              className="button button--small"
              disabled={unsigned === 0}
              onClick={() => setSigning("all")}
            >
              <Icon name="check" size={16} />
              {t("results.signAll")}
            </button>
          ) : null}
          {account.role !== "reviewer" ? (
            <a
              className="button button--secondary button--small"
              href={protocolPdfUrl(slotId)}
              download
            >
              <Icon name="download" size={16} />
              {t("results.protocol")}
            </a>
          ) : null}
        </div>
      }
    >
      <p className="lead">{t("results.lead")}</p>
      {notice ? (
        <Alert kind="success">
          <p>{notice}</p>
        </Alert>
      ) : null}
      <ErrorAlert error={results.error} />
      {results.loading && !results.data ? <Loading /> : null}
      {results.data && rows.length === 0 ? (
        <p className="empty">{t("results.none")}</p>
      ) : null}
      {rows.length > 0 ? (
        <div className="table-wrap">
          <table className="results-table" data-testid="results">
            <caption className="sr-only">{t("results.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("results.candidate")}</th>
                <th scope="col">{t("results.seat")}</th>
                {sectionIds.map((sectionId) => (
                  <th key={sectionId} scope="col" className="num">
                    {sectionId}
                  </th>
                ))}
                <th scope="col" className="num">
                  {t("results.total")}
                </th>
                <th scope="col">{t("results.outcome")}</th>
                <th scope="col">{t("results.signAdministrator")}</th>
                <th scope="col">{t("results.signOperator")}</th>
                <th scope="col">{t("results.document")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.attemptId} data-attempt={row.attemptId}>
                  <th scope="row">
                    {row.fullName}
                    <br />
                    <span className="mono small muted">{row.maskedIin}</span>
                  </th>
                  <td className="mono">{seatLabel(row.seatId)}</td>
                  {sectionIds.map((sectionId) => {
                    const section = row.result?.sections.find(
                      (candidate) => candidate.sectionId === sectionId,
                    );
                    return (
                      <td key={sectionId} className="num">
                        {section ? (
                          <>
                            {section.correct}/{section.total}{" "}
                            <span className="sr-only">
                              {section.passed
                                ? t("verify.sectionPassed")
                                : t("verify.sectionNotPassed")}
                            </span>
                            <Icon
                              name={section.passed ? "check" : "cross"}
                              size={14}
                            />
                          </>
                        ) : (
                          t("common.none")
                        )}
                      </td>
                    );
                  })}
                  <td className="num">
                    {row.result ? (
                      <strong>
                        {row.result.correct}/{row.result.total}
                      </strong>
                    ) : (
                      t("common.none")
                    )}
                  </td>
                  <td>
                    <Outcome row={row} />
                  </td>
                  {SIGNERS.map((role) => (
                    <td key={role}>
                      <SignatureCell
                        signature={
                          role === "administrator"
                            ? row.signedAdministrator
                            : row.signedOperator
                        }
                        canSign={signer === role && row.state === "scored"}
                        zone={zone}
                        onSign={() => setSigning(row)}
                      />
                    </td>
                  ))}
                  <td>
                    {row.certificateNumber ? (
                      <DocumentCell
                        number={row.certificateNumber}
                        version={documents}
                        canRevoke={canRevoke}
                        canDownload={account.role !== "reviewer"}
                        onRevoke={() => setRevoking(row.certificateNumber)}
                      />
                    ) : row.officialAt ? (
                      <span className="muted small">
                        <span className="spinner" aria-hidden="true" />{" "}
                        {t("results.issuing")}
                      </span>
                    ) : (
                      t("common.none")
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      {signing ? (
        <ActionDialog
          title={
            signing === "all"
              ? t("results.signAllTitle")
              : t("results.signOffTitle", { name: signing.fullName })
          }
          lead={t("results.signOffLead")}
          confirmLabel={t(
            signing === "all" ? "results.signAll" : "results.signOff",
          )}
          onConfirm={async () => {
            if (signing === "all") {
              const answer = await signOffSlot(slotId);
              setNotice(t("results.signAllDone", { count: answer.signed }));
            } else {
              await signOff(signing.attemptId);
              setNotice(null);
            }
            results.reload();
          }}
          onClose={() => setSigning(null)}
        />
      ) : null}
      {revoking ? (
        <ActionDialog
          title={t("results.revokeTitle", { number: revoking })}
          lead={t("results.revokeLead")}
          confirmLabel={t("results.revoke")}
          danger
          fields={{ reason: true }}
          onConfirm={async ({ reason }) => {
            await revokeCertificate(revoking, reason);
            setDocuments((value) => value + 1);
          }}
          onClose={() => setRevoking(null)}
        />
      ) : null}
    </SlotFrame>
  );
}

function Outcome({ row }: { row: ResultRow }) {
  const { t } = useI18n();
  if (row.state === "voided") {
    return (
      <span className="badge badge--neutral">
        <Icon name="cross" size={14} />
        {t("results.voided", { reason: row.voidReason ?? "" })}
      </span>
    );
  }
  if (!row.result) {
    return row.state === "submitted" || row.state === "expired" ? (
      <span className="muted small">{t("results.scoring")}</span>
    ) : (
      <span className="muted small">{t(`attemptState.${row.state}`)}</span>
    );
  }
  return row.result.passed ? (
    <span className="badge badge--success">
      <Icon name="check" size={14} />
      {t("results.passed")}
    </span>
  ) : (
    <span className="badge badge--danger">
      <Icon name="cross" size={14} />
      {t("results.notPassed")}
    </span>
  );
}

function SignatureCell({
  signature,
  canSign,
  zone,
  onSign,
}: {
  signature: Signature | null;
  canSign: boolean;
  zone: string;
  onSign: () => void;
}) {
  const { t } = useI18n();
  if (signature) {
    return (
      <span className="signature">
        <Icon name="check" size={14} />
        {signature.fullName}
        <span className="muted small mono">
          {" "}
          {clockTime(signature.at, zone)}
        </span>
      </span>
    );
  }
  if (canSign) {
    return (
      <button type="button" className="button button--small" onClick={onSign}>
        {t("results.signOff")}
      </button>
    );
  }
  return <span className="muted small">{t("results.notSigned")}</span>;
}

function DocumentCell({
  number,
  version,
  canRevoke,
  canDownload,
  onRevoke,
}: {
  number: string;
  version: number;
  canRevoke: boolean;
  canDownload: boolean;
  onRevoke: () => void;
}) {
  const { t } = useI18n();
  const record = useResource(`certificate:${number}:${version}`, (signal) =>
    getCertificate(number, signal),
  );
  const revoked = record.data?.revoked ?? false;
  return (
    <div className="document-cell">
      <span className="mono">{number}</span>
      {record.data ? (
        <span className={`badge badge--${revoked ? "danger" : "success"}`}>
          <Icon name={revoked ? "cross" : "shield"} size={12} />
          {t(`results.kind.${record.data.kind}`)} ·{" "}
          {revoked ? t("results.revoked") : t("results.valid")}
        </span>
      ) : null}
      {canDownload ? (
        <span className="button-row">
          <a
            className="button button--secondary button--small"
            href={certificatePdfUrl(number)}
            download={`${number}.pdf`}
            data-testid="certificate-pdf"
          >
            <Icon name="download" size={14} />
            {t("results.download")}
          </a>
          <a
            className="button button--secondary button--small"
            href={certificatePdfUrl(number)}
            download={`${number}.pdf`}
            title={t("results.reprintHint")}
          >
            <Icon name="print" size={14} />
            {t("results.reprint")}
          </a>
          {canRevoke && !revoked ? (
            <button
              type="button"
              className="button button--danger button--small"
              onClick={onRevoke}
            >
              {t("results.revoke")}
            </button>
          ) : null}
        </span>
      ) : null}
    </div>
  );
}
