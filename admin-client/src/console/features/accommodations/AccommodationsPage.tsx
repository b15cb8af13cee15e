import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { AccommodationInput, type Accommodation } from "@shared/booking";
import { validateIin } from "@shared/iin";
import { LIMITS } from "@shared/limits";
import {
  Alert,
  ConfirmDialog,
  ErrorAlert,
  Loading,
  PageTitle,
} from "../../../components/common";
import { Facts } from "../../../components/Facts";
import { TextAreaField, TextField } from "../../../components/form";
import { Icon } from "../../../components/Icon";
import { formatDateTime } from "../../../lib/format";
import { useI18n } from "../../../lib/i18n";
import { validate, type Problem, type Problems } from "../../../lib/validate";
import {
  accommodationQueries,
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
  const [iinError, setIinError] = useState<Problem>();

  function lookUp(event: FormEvent) {
    event.preventDefault();
    const result = validateIin(typed);
    if (!result.valid) {
      setIinError({ key: `iin.${result.reason}` });
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
          <TextField
            label={t("booking.iin")}
            error={iinError}
            name="iin"
            className="mono"
            inputMode="numeric"
            maxLength={12}
            autoComplete="off"
            value={typed}
            onChange={(value) => setTyped(value.replace(/\D/g, ""))}
          />
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
  const queryClient = useQueryClient();
  const query = accommodationQueries.of(iin);
  const loaded = useQuery(query);
  const [confirming, setConfirming] = useState(false);
  // What the server answered to a change replaces what was loaded.
  const save = useMutation({
    mutationFn: (input: AccommodationInput) => saveAccommodation(iin, input),
    onSuccess: (record) => queryClient.setQueryData(query.queryKey, record),
  });
  const remove = useMutation({
    mutationFn: () => removeAccommodation(iin),
    onSuccess: () => queryClient.setQueryData(query.queryKey, null),
    onSettled: () => setConfirming(false),
  });
  const busy = save.isPending || remove.isPending;
  const record = loaded.data ?? null;

  if (loaded.isLoading) return <Loading />;
  if (loaded.error) return <ErrorAlert error={loaded.error} />;

  return (
    <section className="card" aria-labelledby="accommodation-title">
      <div className="card__header">
        <h2 id="accommodation-title">
          {t("booking.iin")} <span className="mono">{iin}</span>
        </h2>
      </div>
      <ErrorAlert error={save.error ?? remove.error} />
      {record ? (
        <Alert kind="success" title={t("accommodations.current")}>
          <Facts
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
            {remove.isSuccess
              ? t("accommodations.removed")
              : t("accommodations.none")}
          </p>
        </Alert>
      )}
      <AccommodationForm
        key={record?.setAt ?? "none"}
        initial={record}
        busy={busy}
        onSave={(input) => save.mutate(input)}
        onRemove={() => setConfirming(true)}
      />
      <ConfirmDialog
        open={confirming}
        title={t("accommodations.removeTitle")}
        confirmLabel={t("accommodations.remove")}
        cancelLabel={t("common.cancel")}
        danger
        busy={busy}
        onConfirm={() => remove.mutate()}
        onCancel={() => setConfirming(false)}
      >
        <p>{t("accommodations.removeLead")}</p>
      </ConfirmDialog>
    </section>
  );
}

/** How each field's problem is worded (the rules are AccommodationInput's). */
const PROBLEMS = {
  extraMinutes: {
    key: "accommodations.error.minutes",
    values: { max: LIMITS.maxExtraMinutes },
  },
  approvedBy: { key: "accommodations.error.approvedBy" },
  note: { key: "booking.error.checkField" },
} as const satisfies Record<keyof AccommodationInput, Problem>;

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
  const [problems, setProblems] = useState<Problems<keyof AccommodationInput>>(
    {},
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    const checked = validate(
      AccommodationInput,
      {
        extraMinutes: extraMinutes === "" ? Number.NaN : Number(extraMinutes),
        note,
        approvedBy,
      },
      PROBLEMS,
    );
    setProblems(checked.problems ?? {});
    if (checked.data) onSave(checked.data);
  }

  return (
    <form onSubmit={submit} noValidate>
      <h3>{initial ? t("accommodations.edit") : t("accommodations.add")}</h3>
      <div className="form-grid form-grid--two">
        <TextField
          label={t("accommodations.extraMinutes")}
          hint={t("accommodations.extraMinutesHint", {
            max: LIMITS.maxExtraMinutes,
          })}
          error={problems.extraMinutes}
          name="extraMinutes"
          type="number"
          inputMode="numeric"
          min={0}
          max={LIMITS.maxExtraMinutes}
          step={1}
          value={extraMinutes}
          onChange={setExtraMinutes}
        />
        <TextField
          label={t("accommodations.approvedBy")}
          hint={t("accommodations.approvedByHint")}
          error={problems.approvedBy}
          name="approvedBy"
          maxLength={200}
          value={approvedBy}
          onChange={setApprovedBy}
        />
        <TextAreaField
          label={t("accommodations.note")}
          hint={t("accommodations.noteHint")}
          error={problems.note}
          wide
          name="note"
          maxLength={500}
          rows={3}
          value={note}
          onChange={setNote}
        />
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
