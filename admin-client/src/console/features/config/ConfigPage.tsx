import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { Center } from "@shared/booking";
import { ErrorAlert, Loading, PageTitle } from "../../../components/common";
import { SelectField } from "../../../components/form";
import { useI18n } from "../../../lib/i18n";
import { useScopedCenters } from "../auth/scope";
import { AccountsSection } from "./AccountsSection";
import { roomQueries } from "./api";
import { CentersSection } from "./CentersSection";
import { KeysSection } from "./KeysSection";
import { RoomsSection } from "./RoomsSection";
import { SlotsSection } from "./SlotsSection";

/**
 * The manager's configuration: centers, their rooms and seats, the slots
 * offered for booking, the staff accounts and the keys that sign
 * documents. Every change is one API call the server validates and
 * audits; this screen only collects and shows.
 */
export function ConfigPage() {
  const { t, localized } = useI18n();
  const centers = useScopedCenters();
  const [chosen, setChosen] = useState("");
  const center =
    centers.data?.find((candidate) => candidate.id === chosen) ??
    centers.data?.[0];

  return (
    <>
      <PageTitle>{t("config.title")}</PageTitle>
      <p className="lead">{t("config.lead")}</p>
      <ErrorAlert error={centers.error} />
      {centers.isLoading ? <Loading /> : null}
      <CentersSection
        centers={centers.data ?? []}
        onCreated={(created) => setChosen(created.id)}
      />
      {center ? (
        <>
          <div className="toolbar">
            <SelectField
              label={t("config.center")}
              value={center.id}
              onChange={setChosen}
              options={(centers.data ?? []).map((option) => ({
                value: option.id,
                label: localized(option.name),
              }))}
            />
          </div>
          <CenterDetails key={center.id} center={center} />
        </>
      ) : null}
      <AccountsSection />
      <KeysSection />
    </>
  );
}

function CenterDetails({ center }: { center: Center }) {
  const rooms = useQuery(roomQueries.ofCenter(center.id));
  return (
    <>
      <RoomsSection
        center={center}
        rooms={rooms.data ?? []}
        error={rooms.error}
      />
      <SlotsSection center={center} rooms={rooms.data ?? []} />
    </>
  );
}
