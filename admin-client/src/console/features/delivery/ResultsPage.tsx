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
import { useI18n, type MessageKey } from "../../../lib/i18n";
import { certificateQueries } from "../../../lib/queries";
import { ActionDialog } from "./ActionDialog";
import {
  certificatePdfUrl,
  deliveryQueries,
  handOverDocument,
  protocolPdfUrl,
  revokeCertificate,
  signOff,
  signOffCheckQuery,
  signOffSlot,
} from "./api";
import { profileScales, profileSummary } from "./profile";
import { SlotFrame, useSlot } from "./SlotFrame";
import { clockTime } from "./time";
import "./results.css";

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
  const signOne = useMutation({
    mutationFn: (input: { attemptId: string; reason?: string }) =>
      signOff(input.attemptId, input.reason),
    meta: signed,
  });
  const signAll = useMutation({
    mutationFn: (reason?: string) => signOffSlot(slotId, reason),
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
  // Numbered columns, the titles in the reader's language in a legend
  // and on each header: nine long law titles would not fit 1366 px.
  const sections = [
    ...new Set(
      rows.flatMap((row) =>
        (row.result?.sections ?? []).map((section) => section.sectionId),
      ),
    ),
  ].map((sectionId, index) => {
    const titles = rows.find((row) => row.sectionTitles[sectionId])
      ?.sectionTitles[sectionId];
    return {
      sectionId,
      number: index + 1,
      title: titles ? localized(titles) : sectionId,
    };
  });
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
              title={unsigned === 0 ? t("signoff.nothingToSign") : undefined}
              onClick={() => setSigning("all")}
            >
              <Icon name="check" size={16} />
              {t("signoff.signAllCount", { count: unsigned })}
            </button>
          ) : null}
          {rows.length > 0 ? (
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => window.print()}
            >
              <Icon name="print" size={16} />
              {t("signoff.print")}
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
      {sections.length > 0 ? (
        <p className="section-legend small" data-testid="section-legend">
          <strong>{t("signoff.sections")}:</strong>{" "}
          {sections.map((section) => (
            <span key={section.sectionId}>
              <strong>{section.number}</strong> — {section.title}
            </span>
          ))}
        </p>
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
            ...sections.map((section) => ({
              header: <abbr title={section.title}>{section.number}</abbr>,
              className: "num",
              headerClassName: "num",
              cell: (row: ResultRow) => (
                <SectionScore row={row} sectionId={section.sectionId} />
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
              header: (
                <ShortHeader
                  short={
                    role === "administrator"
                      ? "signoff.signAdministratorShort"
                      : "signoff.signOperatorShort"
                  }
                  full={
                    role === "administrator"
                      ? "results.signAdministrator"
                      : "results.signOperator"
                  }
                />
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
                <ShortHeader
                  short="signoff.handoverShort"
                  full="results.handover"
                  hint="results.handover.hint"
                />
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
        <SignOffDialog
          slotId={slotId}
          row={signing === "all" ? null : signing}
          toSign={unsigned}
          onConfirm={async (reason) => {
            if (signing === "all") {
              const answer = await signAll.mutateAsync(reason);
              setNotice(t("results.signAllDone", { count: answer.signed }));
            } else {
              await signOne.mutateAsync({
                attemptId: signing.attemptId,
                ...(reason ? { reason } : {}),
              });
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

/**
 * A sign-off, one result or all finished ones: what is still unresolved
 * (the slot's unreviewed incidents, or the candidate's, and the candidates
 * who have not finished) is listed, and signing over it asks why; the
 * server refuses it without a reason all the same.
 */
function SignOffDialog({
  slotId,
  row,
  toSign,
  onConfirm,
  onClose,
}: {
  slotId: string;
  /** Null: "sign all". */
  row: ResultRow | null;
  toSign: number;
  onConfirm: (reason: string | undefined) => Promise<unknown>;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const check = useQuery({ ...signOffCheckQuery(slotId), staleTime: 0 });
  const incidents = check.data
    ? row
      ? (check.data.incidentsByAttempt[row.attemptId] ?? 0)
      : check.data.unreviewedIncidents
    : 0;
  // One candidate's sign-off answers for that candidate's incidents only.
  const unfinished = row ? [] : (check.data?.unfinished ?? []);
  const unresolved = incidents > 0 || unfinished.length > 0;
  return (
    <ActionDialog
      title={
        row
          ? t("results.signOffTitle", { name: row.fullName })
          : t("results.signAllTitle")
      }
      lead={
        row
          ? t("results.signOffLead")
          : `${t("results.signOffLead")} ${t("signoff.allLead", { count: toSign })}`
      }
      confirmLabel={t(row ? "results.signOff" : "results.signAll")}
      // Asks for the reason once the check found something to sign over.
      fields={unresolved ? { reason: true } : {}}
      onConfirm={({ reason }) => onConfirm(unresolved ? reason : undefined)}
      onClose={onClose}
    >
      {check.isLoading ? (
        <p className="muted small">{t("signoff.checking")}</p>
      ) : null}
      <ErrorAlert error={check.error} />
      {unresolved ? (
        <Alert kind="warning" title={t("signoff.unresolvedTitle")}>
          <div data-testid="signoff-unresolved">
            <p>{t("signoff.unresolvedLead")}</p>
            <ul>
              {incidents > 0 ? (
                <li>
                  {t(row ? "signoff.attemptIncidents" : "signoff.incidents", {
                    count: incidents,
                  })}
                </li>
              ) : null}
              {unfinished.length > 0 ? (
                <li>
                  {t("signoff.unfinished", { count: unfinished.length })}
                  <ul>
                    {unfinished.map((candidate) => (
                      <li key={candidate.bookingId}>
                        {candidate.fullName} —{" "}
                        {t(`signoff.status.${candidate.status}`)}
                      </li>
                    ))}
                  </ul>
                </li>
              ) : null}
            </ul>
          </div>
        </Alert>
      ) : null}
    </ActionDialog>
  );
}

/** A column header shortened to fit 1366 px; the full words in its title. */
function ShortHeader({
  short,
  full,
  hint,
}: {
  short: MessageKey;
  full: MessageKey;
  hint?: MessageKey;
}) {
  const { t } = useI18n();
  const title = hint ? `${t(full)}: ${t(hint)}` : t(full);
  return <abbr title={title}>{t(short)}</abbr>;
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
              className="button button--secondary button--small button--icon"
              disabled={busy}
              data-handover={method}
              title={t(`results.handover.${method}`)}
              aria-label={t(`results.handover.${method}`)}
              onClick={() => onHandOver(method)}
            >
              <Icon
                name={method === "printed" ? "print" : "upload"}
                size={14}
              />
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
  const verdict = section.passed
    ? t("verify.sectionPassed")
    : t("verify.sectionNotPassed");
  // Marked by colour and weight, not an icon: nine sections must fit.
  return (
    <span
      className={section.passed ? "score" : "score score--failed"}
      title={verdict}
    >
      {section.correct}/{section.total}
      <span className="sr-only"> {verdict}</span>
    </span>
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
            className="button button--secondary button--small button--icon"
            href={certificatePdfUrl(number)}
            download={`${number}.pdf`}
            data-testid="certificate-pdf"
            title={t("results.download")}
            aria-label={t("results.download")}
          >
            <Icon name="download" size={14} />
          </a>
          <a
            className="button button--secondary button--small button--icon"
            href={certificatePdfUrl(number)}
            download={`${number}.pdf`}
            title={`${t("results.reprint")}: ${t("results.reprintHint")}`}
            aria-label={t("results.reprint")}
          >
            <Icon name="print" size={14} />
          </a>
          {canRevoke && !revoked ? (
            <button
              type="button"
              className="button button--danger button--small button--icon"
              title={t("results.revoke")}
              aria-label={t("results.revoke")}
              onClick={onRevoke}
            >
              <Icon name="cross" size={14} />
            </button>
          ) : null}
        </span>
      ) : null}
    </div>
  );
}
