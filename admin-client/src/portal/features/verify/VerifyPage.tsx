import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  useId,
  useRef,
  useState,
  type FormEvent,
  type KeyboardEvent,
} from "react";
import {
  HolderBirthDateSchema,
  type AssessmentPayloadFields,
  type CertificateRecord,
  type VerifyPdfResult,
} from "@shared/certificates";
import {
  Alert,
  ErrorAlert,
  Link,
  Loading,
  PageTitle,
} from "../../../components/common";
import { Facts } from "../../../components/Facts";
import { FileField, TextField } from "../../../components/form";
import { Icon, type IconName } from "../../../components/Icon";
import { ApiError } from "../../../lib/api";
import {
  formatDateTime,
  formatDecimal,
  formatShortDate,
} from "../../../lib/format";
import { useI18n } from "../../../lib/i18n";
import { certificateQueries } from "../../../lib/queries";
import { navigate } from "../../../lib/router";
import { verifyPdf } from "./api";
import { checkQrPayload, type QrCheck } from "./qr";

const ABSENT: QrCheck = { state: "absent" };

type Verdict = "valid" | "revoked" | "expired" | "invalid" | "not_found";

const VERDICT_LOOK: Record<Verdict, { tone: string; icon: IconName }> = {
  valid: { tone: "valid", icon: "check" },
  revoked: { tone: "revoked", icon: "cross" },
  expired: { tone: "unknown", icon: "clock" },
  invalid: { tone: "invalid", icon: "cross" },
  not_found: { tone: "unknown", icon: "warning" },
};

function verdictOf(record: CertificateRecord): Verdict {
  if (record.revoked) return "revoked";
  if (record.valid) return "valid";
  if (record.expired) return "expired";
  return "invalid";
}

/** `/verify` (number or PDF) and `/verify/:number#payload`. */
export function VerifyPage({
  number,
  fragment,
}: {
  number?: string;
  fragment: string;
}) {
  const { t } = useI18n();
  return (
    <>
      <PageTitle>{t("verify.title")}</PageTitle>
      <p className="lead">{t("verify.lead")}</p>
      {number ? (
        <NumberResult key={number} number={number} fragment={fragment} />
      ) : (
        <VerifyChooser />
      )}
    </>
  );
}

type Tab = "number" | "pdf";

function VerifyChooser() {
  const { t } = useI18n();
  const [tab, setTab] = useState<Tab>("number");
  const id = useId();
  const tabs: Tab[] = ["number", "pdf"];
  const refs = useRef<Record<Tab, HTMLButtonElement | null>>({
    number: null,
    pdf: null,
  });

  // Arrow keys move between tabs (the WAI-ARIA tabs pattern).
  function onKeyDown(event: KeyboardEvent) {
    if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
    const next = tab === "number" ? "pdf" : "number";
    setTab(next);
    refs.current[next]?.focus();
    event.preventDefault();
  }

  return (
    <div className="card">
      <div
        className="tabs"
        role="tablist"
        aria-label={t("verify.how")}
        onKeyDown={onKeyDown}
      >
        {tabs.map((name) => (
          <button
            key={name}
            ref={(element) => {
              refs.current[name] = element;
            }}
            type="button"
            role="tab"
            id={`${id}-${name}-tab`}
            aria-selected={tab === name}
            aria-controls={`${id}-${name}-panel`}
            tabIndex={tab === name ? 0 : -1}
            onClick={() => setTab(name)}
          >
            {t(name === "number" ? "verify.byNumber" : "verify.byPdf")}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`${id}-${tab}-panel`}
        aria-labelledby={`${id}-${tab}-tab`}
      >
        {tab === "number" ? <NumberForm /> : <PdfCheck />}
      </div>
    </div>
  );
}

function NumberForm() {
  const { t } = useI18n();
  const [number, setNumber] = useState("");
  const [missing, setMissing] = useState(false);

  function submit(event: FormEvent) {
    event.preventDefault();
    const cleaned = number.trim().toUpperCase();
    if (!cleaned) {
      setMissing(true);
      return;
    }
    navigate(`/verify/${encodeURIComponent(cleaned)}`);
  }

  return (
    <form onSubmit={submit} noValidate>
      <TextField
        label={t("verify.number")}
        hint={t("verify.numberHint")}
        error={missing ? { key: "verify.error.number" } : undefined}
        name="number"
        className="mono"
        autoComplete="off"
        spellCheck={false}
        autoCapitalize="characters"
        value={number}
        onChange={setNumber}
      />
      <div className="form-actions">
        <button type="submit" className="button">
          <Icon name="search" />
          {t("verify.check")}
        </button>
      </div>
    </form>
  );
}

function PdfCheck() {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const check = useMutation({ mutationFn: verifyPdf });
  const busy = check.isPending;
  const result = check.data;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (file) check.mutate(file);
  }

  return (
    <>
      <form onSubmit={submit} noValidate>
        <FileField
          label={t("verify.pdf")}
          hint={t("verify.pdfHint")}
          name="pdf"
          accept="application/pdf,.pdf"
          onFile={(chosen) => {
            setFile(chosen);
            check.reset();
          }}
        />
        <div className="form-actions">
          <button type="submit" className="button" disabled={!file || busy}>
            {busy ? (
              <span className="spinner" aria-hidden="true" />
            ) : (
              <Icon name="upload" />
            )}
            {t("verify.check")}
          </button>
        </div>
      </form>
      <div aria-live="polite">
        <ErrorAlert error={check.error} />
        {result ? <PdfVerdict result={result} /> : null}
      </div>
    </>
  );
}

const PDF_REASONS = [
  "not_signed",
  "malformed_signature",
  "signature_invalid",
  "not_whole_document",
  "signer_unknown",
  "payload_missing",
  "payload_key_unknown",
  "payload_invalid",
  "payload_mismatch",
  "sample",
  "revoked",
  "expired",
  "not_a_certificate",
  "document_unknown",
] as const;
type PdfReason = (typeof PDF_REASONS)[number];
const isKnownReason = (id: string): id is PdfReason =>
  (PDF_REASONS as readonly string[]).includes(id);

function PdfVerdict({ result }: { result: VerifyPdfResult }) {
  const { t } = useI18n();
  const verdict: Verdict = result.valid
    ? "valid"
    : result.record?.revoked
      ? "revoked"
      : "invalid";
  return (
    <>
      <VerdictBanner verdict={verdict} kind={result.record?.kind} />
      {result.reasons.length > 0 ? (
        <Alert kind="error" title={t("verify.reasons")}>
          <ul>
            {result.reasons.map((reason) => {
              return (
                <li key={reason.id}>
                  {isKnownReason(reason.id)
                    ? t(`verify.reason.${reason.id}`)
                    : reason.message}
                </li>
              );
            })}
          </ul>
        </Alert>
      ) : null}
      {result.record ? <RecordDetails record={result.record} /> : null}
    </>
  );
}

function NumberResult({
  number,
  fragment,
}: {
  number: string;
  fragment: string;
}) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  // An old-form number: the server asks for the holder's birth date and
  // says the same whether the number exists or not.
  const [birthDate, setBirthDate] = useState<string | undefined>(undefined);
  const lookup = useQuery(certificateQueries.detail(number, birthDate));
  const record = lookup.data ?? null;
  const error = lookup.error;
  // The QR payload in the fragment, checked once the registry answered
  // (with the record, or without one). The fragment never reaches the server.
  const qr =
    useQuery({
      queryKey: [
        ...certificateQueries.detail(number, birthDate).queryKey,
        "qr",
        fragment,
      ],
      queryFn: async (): Promise<QrCheck> =>
        checkQrPayload(
          fragment,
          await queryClient
            .fetchQuery(certificateQueries.keys())
            .catch(() => null),
          record,
        ),
      enabled: fragment !== "" && !lookup.isPending,
    }).data ?? ABSENT;

  const needsBirthDate =
    error instanceof ApiError && error.id === "holder_birth_date_required";
  const notFound = error instanceof ApiError && error.status === 404;
  const tooManyMisses =
    error instanceof ApiError && error.id === "too_many_misses";
  if (!record && !error) return <Loading label={t("verify.checking")} />;

  return (
    <>
      {record ? (
        <VerdictBanner verdict={verdictOf(record)} kind={record.kind} />
      ) : null}
      {notFound ? <VerdictBanner verdict="not_found" number={number} /> : null}
      {needsBirthDate ? (
        <BirthDateForm number={number} onSubmit={setBirthDate} />
      ) : null}
      {tooManyMisses ? (
        <Alert kind="error" title={t("verify.verdict.not_found")}>
          <p>{t("verify.error.too_many_misses")}</p>
        </Alert>
      ) : null}
      {error && !notFound && !needsBirthDate && !tooManyMisses ? (
        <ErrorAlert error={error} />
      ) : null}
      {notFound && birthDate ? (
        <BirthDateForm number={number} onSubmit={setBirthDate} />
      ) : null}
      <QrBanner check={qr} />
      {record ? <RecordDetails record={record} /> : null}
      <QrProfile check={qr} record={record} />
      <p className="no-print">
        <Link to="/verify">{t("verify.another")}</Link>
      </p>
    </>
  );
}

function BirthDateForm({
  number,
  onSubmit,
}: {
  number: string;
  onSubmit: (birthDate: string) => void;
}) {
  const { t } = useI18n();
  const [value, setValue] = useState("");
  const [missing, setMissing] = useState(false);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!HolderBirthDateSchema.safeParse(value).success) {
      setMissing(true);
      return;
    }
    onSubmit(value);
  }

  return (
    <form className="card" onSubmit={submit} noValidate>
      <h2>{t("verify.birthDate.title")}</h2>
      <p>{t("verify.birthDate.lead", { number })}</p>
      <TextField
        label={t("verify.birthDate.label")}
        error={missing ? { key: "verify.birthDate.missing" } : undefined}
        type="date"
        name="birthDate"
        autoComplete="off"
        value={value}
        onChange={(date) => {
          setValue(date);
          setMissing(false);
        }}
      />
      <div className="form-actions">
        <button type="submit" className="button">
          <Icon name="search" />
          {t("verify.check")}
        </button>
      </div>
    </form>
  );
}

function VerdictBanner({
  verdict,
  kind,
  number,
}: {
  verdict: Verdict;
  kind?: CertificateRecord["kind"];
  number?: string;
}) {
  const { t } = useI18n();
  const look = VERDICT_LOOK[verdict];
  return (
    <div
      className={`verdict verdict--${look.tone}`}
      role="status"
      data-verdict={verdict}
    >
      <Icon name={look.icon} size={40} />
      <div>
        <p className="verdict__title">{t(`verify.verdict.${verdict}`)}</p>
        <p>
          {verdict === "not_found"
            ? t("verify.notFoundLead", { number: number ?? "" })
            : kind
              ? t(`verify.kind.${kind}`)
              : null}
        </p>
      </div>
    </div>
  );
}

function QrBanner({ check }: { check: QrCheck }) {
  const { t } = useI18n();
  switch (check.state) {
    case "absent":
      return null;
    case "ok":
      return (
        <Alert kind="success" title={t("verify.qr.ok")}>
          <p>{t("verify.qr.okLead")}</p>
        </Alert>
      );
    case "unsupported":
      return (
        <Alert kind="info" title={t("verify.qr.unsupported")}>
          <p>{t("verify.qr.unsupportedLead")}</p>
        </Alert>
      );
    case "malformed":
    case "bad-signature":
      return (
        <Alert kind="error" title={t("verify.qr.bad")}>
          <p>{t("verify.qr.badLead")}</p>
        </Alert>
      );
    case "mismatch":
      return (
        <Alert kind="error" title={t("verify.qr.mismatch")}>
          <p>{t("verify.qr.mismatchLead")}</p>
        </Alert>
      );
  }
}

function RecordDetails({ record }: { record: CertificateRecord }) {
  const { t, localized } = useI18n();
  return (
    <section className="card" aria-labelledby="record-title">
      <div className="card__header">
        <h2 id="record-title">{t(`verify.kind.${record.kind}`)}</h2>
        <span className="mono">{record.number}</span>
      </div>
      {record.sample ? (
        <Alert kind="warning" title={t("verify.sample")}>
          <p>{t("verify.sampleLead")}</p>
        </Alert>
      ) : null}
      {record.revoked ? (
        <Alert kind="error" title={t("verify.verdict.revoked")}>
          {record.revokedAt ? (
            <p>
              {t("verify.revokedAt")}: {formatDateTime(record.revokedAt)}
            </p>
          ) : null}
          {record.revokedReason ? (
            <p>
              {t("verify.revokedReason")}: {record.revokedReason}
            </p>
          ) : null}
          {record.replacedBy ? (
            <p>
              {t("verify.replacedBy")}:{" "}
              <Link to={`/verify/${encodeURIComponent(record.replacedBy)}`}>
                {record.replacedBy}
              </Link>
            </p>
          ) : null}
        </Alert>
      ) : null}
      <Facts
        rows={[
          [t("verify.holder"), record.holder],
          [t("facts.iin"), <span className="mono">{record.maskedIin}</span>],
          [t("facts.program"), localized(record.program.titles)],
          [
            t("verify.result"),
            // An assessment report states a profile, which the registry
            // does not publish: the paper and its QR code carry it.
            record.kind === "assessment" ? (
              <>
                <span className="badge badge--info">{t("verify.profile")}</span>{" "}
                <span className="muted small">{t("verify.profileLead")}</span>
              </>
            ) : (
              <span
                className={`badge badge--${record.result === "passed" ? "success" : "neutral"}`}
              >
                <Icon
                  name={record.result === "passed" ? "check" : "cross"}
                  size={14}
                />
                {t(
                  record.result === "passed"
                    ? "verify.passed"
                    : "verify.notPassed",
                )}
              </span>
            ),
          ],
          [t("verify.testedAt"), formatShortDate(record.testedAt)],
          [t("verify.issuedAt"), formatShortDate(record.issuedAt)],
          // A reference carries no validity.
          ...(record.kind === "certificate" && record.validUntil
            ? [
                [
                  t("verify.validUntil"),
                  formatShortDate(record.validUntil),
                ] satisfies [string, string],
              ]
            : []),
        ]}
      />
    </section>
  );
}

/**
 * An assessment report's profile as its scanned QR code signs it (the
 * registry publishes no stens): each scale, named from the record when it
 * lists the scale, its sten as ten cells with the average (5–6) marked,
 * the rule and the consistency. Shown only for a payload whose signature
 * held.
 */
function QrProfile({
  check,
  record,
}: {
  check: QrCheck;
  record: CertificateRecord | null;
}) {
  const { t, localized, language } = useI18n();
  if (check.state !== "ok" && check.state !== "mismatch") return null;
  const fields = check.payload.fields;
  if (fields.kind !== "assessment") return null;
  const titleOf = (scaleId: string) => {
    const titles = record?.scales?.find(
      (scale) => scale.scaleId === scaleId,
    )?.titles;
    return titles ? localized(titles) || scaleId : scaleId;
  };
  return (
    <section
      className="card"
      aria-labelledby="qr-profile-title"
      data-testid="qr-profile"
    >
      <h2 id="qr-profile-title">{t("verify.assessment.title")}</h2>
      <p>{t("verify.assessment.lead")}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("verify.assessment.scale")}</th>
              <th scope="col">{t("verify.assessment.sten")}</th>
              <th scope="col" aria-hidden="true" />
            </tr>
          </thead>
          <tbody>
            {fields.stens.map((scale) => (
              <tr key={scale.scaleId} data-scale={scale.scaleId}>
                <th scope="row">{titleOf(scale.scaleId)}</th>
                <td>
                  <strong>{scale.sten}</strong>
                  <span className="sr-only">
                    {" "}
                    ({t("verify.assessment.stenOf", { sten: scale.sten })})
                  </span>
                </td>
                <td aria-hidden="true">
                  <StenCells sten={scale.sten} fields={fields} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">{t("verify.assessment.legend")}</p>
      <p>
        {fields.rule
          ? t(
              fields.rule.met
                ? "verify.assessment.ruleMet"
                : "verify.assessment.ruleNotMet",
              { minSten: fields.rule.minSten },
            )
          : t("verify.assessment.noRule")}
      </p>
      {fields.consistency ? (
        <p>
          {t(
            fields.consistency.low
              ? "verify.assessment.lowConsistency"
              : "verify.assessment.consistent",
            {
              index: formatDecimal(fields.consistency.index, language),
            },
          )}
        </p>
      ) : null}
    </section>
  );
}

/** Ten cells, those up to the sten filled; the average stens (5–6) outlined. */
function StenCells({
  sten,
  fields,
}: {
  sten: number;
  fields: AssessmentPayloadFields;
}) {
  const below = fields.rule !== undefined && sten < fields.rule.minSten;
  return (
    <span style={{ display: "inline-flex", gap: "2px" }}>
      {Array.from({ length: 10 }, (_, index) => {
        const value = index + 1;
        const filled = value <= sten;
        return (
          <span
            key={value}
            style={{
              display: "inline-block",
              width: "0.9rem",
              height: "0.9rem",
              borderRadius: "2px",
              border: `1px solid ${value === 5 || value === 6 ? "var(--border-strong)" : "var(--border)"}`,
              background: filled
                ? below
                  ? "var(--danger)"
                  : value === sten
                    ? "var(--primary-strong)"
                    : "var(--primary-soft)"
                : "var(--surface)",
            }}
          />
        );
      })}
    </span>
  );
}
