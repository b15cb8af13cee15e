import { useQuery, useQueryClient } from "@tanstack/react-query";
import {
  useCallback,
  useEffect,
  useMemo,
  useState,
  type ComponentProps,
} from "react";
import type { PublicSlot } from "@shared/booking";
import {
  positionCategoryQueries,
  programQueries,
  publicSlotQueries,
} from "../../lib/queries";
import { BookingConfirmation } from "./BookingConfirmation";
import {
  BookingForm,
  DETAILS_HEADING_ID,
  type BookedDetails,
} from "./BookingForm";
import { PersonStep, type PersonAnswer } from "./PersonStep";
import { SlotFinder } from "./SlotFinder";
import { openBookingForm, type BookingChannel } from "./api";
import { fitPrograms, fittingProgramIds, type Person } from "./eligibility";

const NO_ANSWER: PersonAnswer = { category: "", candidateKind: "" };

/**
 * Who, search, choose, fill in, confirm. The portal and the staff desk run
 * the same flow; only the endpoint, who attests consent and what the desk
 * may set aside (the retake interval, a valid certificate) differ. Only
 * the programs that fit the position category and the candidate kind are
 * searched and offered.
 */
export function BookingFlow({
  channel,
  refusalAction,
}: {
  channel: BookingChannel;
  /** At the desk: what to offer for a refused booking (BookingForm). */
  refusalAction?: ComponentProps<typeof BookingForm>["refusalAction"];
}) {
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<PublicSlot | null>(null);
  const [answer, setAnswer] = useState<PersonAnswer>(NO_ANSWER);
  const categories = useQuery(positionCategoryQueries.list());
  const programs = useQuery(programQueries.list());
  const person = useMemo((): Person | null => {
    const listed = categories.data?.categories;
    if (!listed || !answer.candidateKind) return null;
    // Without a list of categories only the kind is asked.
    if (listed.length === 0) {
      return { category: null, candidateKind: answer.candidateKind };
    }
    const category = listed.find((entry) => entry.code === answer.category);
    return category ? { category, candidateKind: answer.candidateKind } : null;
  }, [categories.data, answer]);
  const fits = useMemo(
    () => (person && programs.data ? fitPrograms(programs.data, person) : null),
    [person, programs.data],
  );
  // Nothing is offered until both questions are answered.
  const allowed = useMemo(
    () => (fits ? fittingProgramIds(fits) : null),
    [fits],
  );
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
          setAnswer(NO_ANSWER);
          searchAgain();
          setForms((count) => count + 1);
        }}
      />
    );
  }

  return (
    <>
      <PersonStep
        categories={categories.data}
        error={categories.error}
        onRetry={() => void categories.refetch()}
        answer={answer}
        onChange={setAnswer}
        person={person}
        fits={fits}
        programsError={programs.error}
      />
      <SlotFinder
        allowed={allowed}
        selected={selected}
        onSelect={select}
        onContinue={() => {
          const heading = document.getElementById(DETAILS_HEADING_ID);
          heading?.scrollIntoView({ behavior: "smooth", block: "start" });
          heading?.focus({ preventScroll: true });
        }}
      />
      {selected && person ? (
        <BookingForm
          slot={selected}
          person={person}
          channel={channel}
          formId={formId}
          onBooked={(details) => {
            setBooked(details);
            window.scrollTo(0, 0);
          }}
          onSlotGone={searchAgain}
          refusalAction={refusalAction}
        />
      ) : null}
    </>
  );
}
