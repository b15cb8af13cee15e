import { useMutation } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { CenterInput, type Center } from "@shared/booking";
import { UI_LANGUAGES } from "@shared/enums";
import { DataTable } from "../../../components/DataTable";
import { TextField } from "../../../components/form";
import { Icon } from "../../../components/Icon";
import { useI18n } from "../../../lib/i18n";
import { centerQueries } from "../../../lib/queries";
import { createCenter } from "./api";
import { OutcomeAlert } from "./outcome";

/** The centers of the account's scope, and a form to open one more. */
export function CentersSection({
  centers,
  onCreated,
}: {
  centers: Center[];
  onCreated: (center: Center) => void;
}) {
  const { t, localized } = useI18n();
  const headingId = useId();
  const [open, setOpen] = useState(false);
  return (
    <section className="card" aria-labelledby={headingId}>
      <div className="card__header">
        <h2 id={headingId}>{t("config.centers")}</h2>
        <button
          type="button"
          className="button button--secondary button--small"
          aria-expanded={open}
          onClick={() => setOpen((value) => !value)}
        >
          <Icon name="plus" size={16} />
          {t("config.addCenter")}
        </button>
      </div>
      {centers.length > 0 ? (
        <DataTable
          rows={centers}
          rowKey={(center) => center.id}
          columns={[
            {
              header: t("config.name"),
              rowHeader: true,
              cell: (center) => localized(center.name),
            },
            {
              header: t("config.address"),
              cell: (center) => localized(center.address),
            },
            {
              header: t("config.timezone"),
              className: "mono",
              cell: (center) => center.timezone,
            },
          ]}
        />
      ) : (
        <p className="empty">{t("slots.noCenters")}</p>
      )}
      {open ? (
        <AddCenterForm
          onCreated={(center) => {
            setOpen(false);
            onCreated(center);
          }}
        />
      ) : null}
    </section>
  );
}

const EMPTY = { kk: "", ru: "", en: "" };

function AddCenterForm({ onCreated }: { onCreated: (center: Center) => void }) {
  const { t } = useI18n();
  const [name, setName] = useState(EMPTY);
  const [address, setAddress] = useState(EMPTY);
  const [timezone, setTimezone] = useState("Asia/Almaty");
  const create = useMutation({
    mutationFn: createCenter,
    meta: { invalidates: [centerQueries.list().queryKey] },
    onSuccess: onCreated,
  });
  const input = { name, address, timezone: timezone.trim() };
  // The button waits until the server's own rules would take the center.
  const complete = CenterInput.safeParse(input).success;

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate(input);
  }

  return (
    <form onSubmit={submit} noValidate>
      <h3>{t("config.addCenter")}</h3>
      <div className="form-grid">
        {UI_LANGUAGES.map((code) => (
          <TextField
            key={`name-${code}`}
            label={t(`config.nameIn.${code}`)}
            lang={code}
            maxLength={200}
            value={name[code]}
            onChange={(value) => setName({ ...name, [code]: value })}
          />
        ))}
        {UI_LANGUAGES.map((code) => (
          <TextField
            key={`address-${code}`}
            label={t(`config.addressIn.${code}`)}
            lang={code}
            maxLength={300}
            value={address[code]}
            onChange={(value) => setAddress({ ...address, [code]: value })}
          />
        ))}
        <TextField
          label={t("config.timezone")}
          hint={t("config.timezoneHint")}
          className="mono"
          value={timezone}
          onChange={setTimezone}
        />
      </div>
      <OutcomeAlert outcome={create.error ? { error: create.error } : null} />
      <div className="form-actions">
        <button
          type="submit"
          className="button"
          disabled={create.isPending || !complete}
        >
          {t("config.create")}
        </button>
      </div>
    </form>
  );
}
