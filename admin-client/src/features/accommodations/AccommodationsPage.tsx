import { useState, type FormEvent } from "react";
import type { Accommodation, AccommodationInput } from "@shared/booking";
import { validateIin } from "@shared/iin";
import { LIMITS } from "@shared/limits";
import {
  Alert,
  ConfirmDialog,
  ErrorAlert,
  Field,
  Loading,
  PageTitle,
} from "../../components/common";
import { Icon } from "../../components/Icon";
import { ApiError } from "../../lib/api";
import { formatDateTime } from "../../lib/format";
import { useI18n, type MessageKey } from "../../lib/i18n";
import { useResource } from "../../lib/use-resource";
import { BookingFacts } from "../booking/BookingFacts";
import {
  getAccommodation,
  removeAccommodation,
  saveAccommodation,
} from "./api";

/**
 * Accommodations live on the person (by IIN), not on a booking, so extra
 * time approved once applies to every booking of the candidate.
 */
export function AccommodationsPage() {
  const { t } = useI18n();
  const [typed, setTyped] = useState("");
  const [iin, setIin] = useState<string | null>(null);
  const [iinError, setIinError] = useState<MessageKey>();

  function lookUp(event: FormEvent) {
    event.preventDefault();
    const result = validateIin(typed);
    if (!result.valid) {
      setIinError(`iin.${result.reason}`);
      return;
    }
    setIinError(undefined);
    setIin(result.iin);
  }

  return (
    <>
      <PageTitle>{t("accommodations.title")}</PageTitle>
      <p className="lead">{t("accommodations.lead")}</p>
      <form className="card" onSubmit={lookUp} noValidate role="search">
        <div className="toolbar" style={{ marginBottom: 0 }}>
          <Field label={t("booking.iin")} error={iinError && t(iinError)}>
            {(props) => (
              <input
                {...props}
                name="iin"
                className="mono"
                inputMode="numeric"
                maxLength={12}
                autoComplete="off"
                value={typed}
                onChange={(event) =>
                  setTyped(event.target.value.replace(/\D/g, ""))
                }
              />
            )}
          </Field>
          <button type="submit" className="button">
            <Icon name="search" />
            {t("accommodations.find")}
          </button>
        </div>
      </form>
      {iin ? <AccommodationEditor key={iin} iin={iin} /> : null}
    </>
  );
}

function AccommodationEditor({ iin }: { iin: string }) {
  const { t } = useI18n();
  const loaded = useResource(`accommodation:${iin}`, (signal) =>
    getAccommodation(iin, signal),
  );
  const missing =
    loaded.error instanceof ApiError && loaded.error.status === 404;
  // After a save or a removal, what the server answered replaces the load.
  const [changed, setChanged] = useState<{
    record: Accommodation | null;
  } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const record = changed ? changed.record : (loaded.data ?? null);

  async function save(input: AccommodationInput) {
    setBusy(true);
    setError(null);
    try {
      setChanged({ record: await saveAccommodation(iin, input) });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    setBusy(true);
    setError(null);
    try {
      await removeAccommodation(iin);
      setChanged({ record: null });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  }

  if (loaded.loading) return <Loading />;
  if (loaded.error && !missing) return <ErrorAlert error={loaded.error} />;

  return (
    <section className="card" aria-labelledby="accommodation-title">
      <div className="card__header">
        <h2 id="accommodation-title">
          {t("booking.iin")} <span className="mono">{iin}</span>
        </h2>
      </div>
      <ErrorAlert error={error} />
      {record ? (
        <Alert kind="success" title={t("accommodations.current")}>
          <BookingFacts
            rows={[
              [
                t("accommodations.extraMinutes"),
                t("roster.extraMinutes", { minutes: record.extraMinutes }),
              ],
              [t("accommodations.note"), record.note || "—"],
              [t("accommodations.approvedBy"), record.approvedBy],
              [t("accommodations.setBy"), record.setBy.fullName],
              [t("accommodations.setAt"), formatDateTime(record.setAt)],
            ]}
          />
        </Alert>
      ) : (
        <Alert kind="info">
          <p>
            {changed ? t("accommodations.removed") : t("accommodations.none")}
          </p>
        </Alert>
      )}
      <AccommodationForm
        key={record?.setAt ?? "none"}
        initial={record}
        busy={busy}
        onSave={(input) => void save(input)}
        onRemove={() => setConfirming(true)}
      />
      <ConfirmDialog
        open={confirming}
        title={t("accommodations.removeTitle")}
        confirmLabel={t("accommodations.remove")}
        cancelLabel={t("common.cancel")}
        danger
        busy={busy}
        onConfirm={() => void remove()}
        onCancel={() => setConfirming(false)}
      >
        <p>{t("accommodations.removeLead")}</p>
      </ConfirmDialog>
    </section>
  );
}

function AccommodationForm({
  initial,
  busy,
  onSave,
  onRemove,
}: {
  initial: Accommodation | null;
  busy: boolean;
  onSave: (input: AccommodationInput) => void;
  onRemove: () => void;
}) {
  const { t } = useI18n();
  const [extraMinutes, setExtraMinutes] = useState(
    initial ? String(initial.extraMinutes) : "",
  );
  const [note, setNote] = useState(initial?.note ?? "");
  const [approvedBy, setApprovedBy] = useState(initial?.approvedBy ?? "");
  const [errors, setErrors] = useState<{ extra?: string; approvedBy?: string }>(
    {},
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    const minutes = Number(extraMinutes);
    const found = {
      extra:
        extraMinutes === "" ||
        !Number.isInteger(minutes) ||
        minutes < 0 ||
        minutes > LIMITS.maxExtraMinutes
          ? t("accommodations.error.minutes", { max: LIMITS.maxExtraMinutes })
          : undefined,
      approvedBy: approvedBy.trim()
        ? undefined
        : t("accommodations.error.approvedBy"),
    };
    setErrors(found);
    if (found.extra || found.approvedBy) return;
    onSave({
      extraMinutes: minutes,
      note: note.trim(),
      approvedBy: approvedBy.trim(),
    });
  }

  return (
    <form onSubmit={submit} noValidate>
      <h3>{initial ? t("accommodations.edit") : t("accommodations.add")}</h3>
      <div className="form-grid form-grid--two">
        <Field
          label={t("accommodations.extraMinutes")}
          hint={t("accommodations.extraMinutesHint", {
            max: LIMITS.maxExtraMinutes,
          })}
          error={errors.extra}
        >
          {(props) => (
            <input
              {...props}
              name="extraMinutes"
              type="number"
              inputMode="numeric"
              min={0}
              max={LIMITS.maxExtraMinutes}
              step={1}
              value={extraMinutes}
              onChange={(event) => setExtraMinutes(event.target.value)}
            />
          )}
        </Field>
        <Field
          label={t("accommodations.approvedBy")}
          hint={t("accommodations.approvedByHint")}
          error={errors.approvedBy}
        >
          {(props) => (
            <input
              {...props}
              name="approvedBy"
              maxLength={200}
              value={approvedBy}
              onChange={(event) => setApprovedBy(event.target.value)}
            />
          )}
        </Field>
        <Field
          label={t("accommodations.note")}
          hint={t("accommodations.noteHint")}
          wide
        >
          {(props) => (
            <textarea
              {...props}
              name="note"
              maxLength={500}
              rows={3}
              value={note}
              onChange={(event) => setNote(event.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? <span className="spinner" aria-hidden="true" /> : null}
          {t("common.save")}
        </button>
        {initial ? (
          <button
            type="button"
            className="button button--secondary"
            onClick={onRemove}
            disabled={busy}
          >
            {t("accommodations.remove")}
          </button>
        ) : null}
      </div>
    </form>
  );
}
