import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";
import type { PublicSlot } from "@shared/booking";
import { publicSlotQueries } from "../../lib/queries";
import { BookingConfirmation } from "./BookingConfirmation";
import {
  BookingForm,
  DETAILS_HEADING_ID,
  type BookedDetails,
} from "./BookingForm";
import { SlotFinder } from "./SlotFinder";
import { openBookingForm, type BookingChannel } from "./api";

/**
 * Search, choose, fill in, confirm. The portal and the staff desk run the
 * same flow; only the endpoint and who attests consent differ.
 */
export function BookingFlow({ channel }: { channel: BookingChannel }) {
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<PublicSlot | null>(null);
  // A booking (or "slot full") changes the free seats: search again.
  const searchAgain = () =>
    void queryClient.invalidateQueries({
      queryKey: publicSlotQueries.all(),
    });
  const [booked, setBooked] = useState<BookedDetails | null>(null);
  // Each booking is timed from the moment its search opened (the service
  // standard's limit); without an id the booking still goes through.
  const [forms, setForms] = useState(0);
  const [form, setForm] = useState<{ round: number; formId: string } | null>(
    null,
  );
  const formId = form?.round === forms ? form.formId : null;
  useEffect(() => {
    let current = true;
    openBookingForm()
      .then((opened) => {
        if (current) setForm({ round: forms, formId: opened.formId });
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [forms]);
  const select = useCallback(
    (slot: PublicSlot | null) => setSelected(slot),
    [],
  );

  if (booked) {
    return (
      <BookingConfirmation
        details={booked}
        staff={channel === "staff"}
        onAnother={() => {
          setBooked(null);
          setSelected(null);
          searchAgain();
          setForms((count) => count + 1);
        }}
      />
    );
  }

  return (
    <>
      <SlotFinder
        selected={selected}
        onSelect={select}
        onContinue={() => {
          const heading = document.getElementById(DETAILS_HEADING_ID);
          heading?.scrollIntoView({ behavior: "smooth", block: "start" });
          heading?.focus({ preventScroll: true });
        }}
      />
      {selected ? (
        <BookingForm
          slot={selected}
          channel={channel}
          formId={formId}
          onBooked={(details) => {
            setBooked(details);
            window.scrollTo(0, 0);
          }}
          onSlotGone={searchAgain}
        />
      ) : null}
    </>
  );
}
