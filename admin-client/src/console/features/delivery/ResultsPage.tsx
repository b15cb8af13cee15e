import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { StaffAccount } from "@shared/accounts";
import {
  HANDOVER_METHODS,
  type HandoverMethod,
  type ResultRow,
  type Signature,
} from "@shared/attempts";
import { Alert, ErrorAlert, Loading } from "../../../components/common";
import { DataTable } from "../../../components/DataTable";
import { Icon } from "../../../components/Icon";
import { formatDecimal } from "../../../lib/format";
import { useI18n } from "../../../lib/i18n";
import { certificateQueries } from "../../../lib/queries";
import { ActionDialog } from "./ActionDialog";
import {
  certificatePdfUrl,
  deliveryQueries,
  handOverDocument,
  protocolPdfUrl,
  revokeCertificate,
  signOff,
  signOffSlot,
} from "./api";
import { profileScales, profileSummary } from "./profile";
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
 * A slot's results: scores per section and in total, pass or not — or, for
 * a personal-qualities assessment, the sten of each scale, the consistency
 * and whether the program's rule is met — the two sign-offs that make them
 * official, and the signed document each one gets.
 */
export function ResultsPage({
  account,
  slotId,
}: {
  account: StaffAccount;
  slotId: string;
}) {
  const { t, localized } = useI18n();
  const slot = useSlot(slotId);
  const results = useQuery({
    ...deliveryQueries.results(slotId),
    // Scoring and issuing run in the background: look again until done.
    refetchInterval: (query) =>
      query.state.data?.some(pending) ? POLL_MS : false,
  });
  const seats = useQuery({
    ...deliveryQueries.seats(slotId),
    enabled: account.role !== "reviewer",
  });
  const signed = { invalidates: [deliveryQueries.results(slotId).queryKey] };
  const signOne = useMutation({ mutationFn: signOff, meta: signed });
  const signAll = useMutation({
    mutationFn: () => signOffSlot(slotId),
    meta: signed,
  });
  const handOver = useMutation({
    mutationFn: (input: { attemptId: string; method: HandoverMethod }) =>
      handOverDocument(input.attemptId, input.method),
    meta: signed,
  });
  const revoke = useMutation({
    mutationFn: (input: { number: string; reason: string }) =>
      revokeCertificate(input.number, input.reason),
    onSuccess: (_record, { number }, _result, { client }) =>
      client.invalidateQueries({
        queryKey: certificateQueries.all(number),
      }),
  });
  const [signing, setSigning] = useState<ResultRow | "all" | null>(null);
  const [revoking, setRevoking] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const rows = results.data ?? [];

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
  // An assessment's profiles: one column per scale instead of sections.
  const scales = profileScales(rows);
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
      <ErrorAlert error={handOver.error} />
      {results.isLoading ? <Loading /> : null}
      {results.data && rows.length === 0 ? (
        <p className="empty">{t("results.none")}</p>
      ) : null}
      {rows.length > 0 ? (
        <DataTable
          className="results-table"
          testId="results"
          caption={t("results.title")}
          rows={rows}
          rowKey={(row) => row.attemptId}
          rowData={(row) => ({ "data-attempt": row.attemptId })}
          columns={[
            {
              header: t("results.candidate"),
              rowHeader: true,
              cell: (row) => (
                <>
                  {row.fullName}
                  <br />
                  <span className="mono small muted">{row.maskedIin}</span>
                </>
              ),
            },
            {
              header: t("results.seat"),
              className: "mono",
              cell: (row) => seatLabel(row.seatId),
            },
            ...sectionIds.map((sectionId) => ({
              header: sectionId,
              className: "num",
              headerClassName: "num",
              cell: (row: ResultRow) => (
                <SectionScore row={row} sectionId={sectionId} />
              ),
            })),
            ...scales.map((scale) => ({
              header: t("results.scale", { scale: localized(scale.titles) }),
              className: "num",
              headerClassName: "num",
              cell: (row: ResultRow) => (
                <StenScore row={row} scaleId={scale.scaleId} />
              ),
            })),
            scales.length > 0
              ? {
                  header: t("results.consistency"),
                  cell: (row: ResultRow) => <Consistency row={row} />,
                }
              : {
                  header: t("results.total"),
                  className: "num",
                  headerClassName: "num",
                  cell: (row: ResultRow) =>
                    row.result ? (
                      <strong>
                        {row.result.correct}/{row.result.total}
                      </strong>
                    ) : (
                      t("common.none")
                    ),
                },
            {
              header: t("results.outcome"),
              cell: (row) => <Outcome row={row} />,
            },
            ...SIGNERS.map((role) => ({
              header: t(
                role === "administrator"
                  ? "results.signAdministrator"
                  : "results.signOperator",
              ),
              cell: (row: ResultRow) => (
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
              ),
            })),
            {
              header: t("results.document"),
              cell: (row) =>
                row.certificateNumber ? (
                  <DocumentCell
                    number={row.certificateNumber}
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
                ),
            },
            {
              header: (
                <span title={t("results.handover.hint")}>
                  {t("results.handover")}
                </span>
              ),
              cell: (row) => (
                <HandoverCell
                  row={row}
                  canHandOver={signer !== null}
                  busy={
                    handOver.isPending &&
                    handOver.variables?.attemptId === row.attemptId
                  }
                  zone={zone}
                  onHandOver={(method) =>
                    handOver.mutate({ attemptId: row.attemptId, method })
                  }
                />
              ),
            },
          ]}
        />
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
              const answer = await signAll.mutateAsync();
              setNotice(t("results.signAllDone", { count: answer.signed }));
            } else {
              await signOne.mutateAsync(signing.attemptId);
              setNotice(null);
            }
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
          onConfirm={({ reason }) =>
            revoke.mutateAsync({ number: revoking, reason })
          }
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
  if (row.profile) {
    const summary = profileSummary(row.profile);
    const minSten = summary.minSten ?? 0;
    return summary.rule === "met" ? (
      <span className="badge badge--success">
        <Icon name="check" size={14} />
        {t("results.profile.ruleMet", { minSten })}
      </span>
    ) : summary.rule === "not_met" ? (
      <span className="badge badge--danger">
        <Icon name="cross" size={14} />
        {t("results.profile.ruleNotMet", { minSten })}
      </span>
    ) : (
      <span className="badge badge--neutral">
        {t("results.profile.noRule")}
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

/**
 * The hand-over of the row's current document (§7(5): within 20 minutes of
 * the end): the two ways to record it, then how, who and when. A document
 * re-issued after an appeal is handed over again.
 */
function HandoverCell({
  row,
  canHandOver,
  busy,
  zone,
  onHandOver,
}: {
  row: ResultRow;
  canHandOver: boolean;
  busy: boolean;
  zone: string;
  onHandOver: (method: HandoverMethod) => void;
}) {
  const { t } = useI18n();
  const { handover, certificateNumber } = row;
  if (handover && handover.number === certificateNumber) {
    return (
      <span className="signature" data-testid="handover">
        <Icon name="check" size={14} />
        {t(`results.handover.${handover.method}`)}
        <span className="muted small">
          {handover.by.fullName}{" "}
          <span className="mono">{clockTime(handover.at, zone)}</span>
        </span>
      </span>
    );
  }
  if (!certificateNumber || row.state !== "issued")
    return <>{t("common.none")}</>;
  return (
    <div className="document-cell">
      {handover ? (
        <span className="muted small">
          {t("results.handover.previous", { number: handover.number })}
        </span>
      ) : null}
      {canHandOver ? (
        <span className="button-row">
          {HANDOVER_METHODS.map((method) => (
            <button
              key={method}
              type="button"
              className="button button--secondary button--small"
              disabled={busy}
              data-handover={method}
              onClick={() => onHandOver(method)}
            >
              <Icon
                name={method === "printed" ? "print" : "upload"}
                size={14}
              />
              {t(`results.handover.${method}`)}
            </button>
          ))}
        </span>
      ) : (
        <span className="muted small">{t("results.handover.notYet")}</span>
      )}
    </div>
  );
}

function SectionScore({
  row,
  sectionId,
}: {
  row: ResultRow;
  sectionId: string;
}) {
  const { t } = useI18n();
  const section = row.result?.sections.find(
    (candidate) => candidate.sectionId === sectionId,
  );
  if (!section) return <>{t("common.none")}</>;
  return (
    <>
      {section.correct}/{section.total}{" "}
      <span className="sr-only">
        {section.passed
          ? t("verify.sectionPassed")
          : t("verify.sectionNotPassed")}
      </span>
      <Icon name={section.passed ? "check" : "cross"} size={14} />
    </>
  );
}

/** One scale's sten; a scale below the program's rule is marked. */
function StenScore({ row, scaleId }: { row: ResultRow; scaleId: string }) {
  const { t } = useI18n();
  const scale = row.profile?.scales.find(
    (candidate) => candidate.scaleId === scaleId,
  );
  if (!row.profile || !scale) return <>{t("common.none")}</>;
  const { below, minSten } = profileSummary(row.profile);
  return (
    <>
      {t("results.profile.stenOf", { sten: scale.sten })}
      {below.includes(scaleId) ? (
        <>
          {" "}
          <span className="sr-only">
            {t("results.profile.belowRule", { minSten: minSten ?? 0 })}
          </span>
          <Icon name="warning" size={14} />
        </>
      ) : null}
    </>
  );
}

/** The consistency index of a profile and its note: low answers are flagged. */
function Consistency({ row }: { row: ResultRow }) {
  const { t, language } = useI18n();
  if (!row.profile) return <>{t("common.none")}</>;
  const { lowConsistency, consistencyIndex } = profileSummary(row.profile);
  const index = formatDecimal(consistencyIndex, language);
  return lowConsistency ? (
    <span className="badge badge--warning" data-testid="consistency">
      <Icon name="warning" size={14} />
      {t("results.profile.lowConsistency")} · {index}
    </span>
  ) : (
    <span data-testid="consistency">
      {index}{" "}
      <span className="muted small">{t("results.profile.consistent")}</span>
    </span>
  );
}

function DocumentCell({
  number,
  canRevoke,
  canDownload,
  onRevoke,
}: {
  number: string;
  canRevoke: boolean;
  canDownload: boolean;
  onRevoke: () => void;
}) {
  const { t } = useI18n();
  const record = useQuery(certificateQueries.detail(number));
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
