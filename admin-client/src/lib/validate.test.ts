import { describe, expect, it } from "vitest";
import { AccommodationInput, BookingRequest } from "@shared/booking";
import { firstProblem, validate } from "./validate";

const DETAILS = BookingRequest.pick({
  fullName: true,
  language: true,
  phone: true,
});
const MESSAGES = {
  fullName: { key: "booking.error.fullNameRequired" },
  language: { key: "booking.error.languageRequired" },
  phone: { key: "booking.error.phone" },
} as const;

describe("validate", () => {
  it("answers the schema's parsed value when the form is valid", () => {
    const checked = validate(
      AccommodationInput,
      { extraMinutes: 30, note: "  ramp  ", approvedBy: "Decision 14" },
      {
        extraMinutes: { key: "accommodations.error.minutes" },
        approvedBy: { key: "accommodations.error.approvedBy" },
        note: { key: "booking.error.checkField" },
      },
    );
    expect(checked.problems).toBeNull();
    expect(checked.data).toEqual({
      extraMinutes: 30,
      note: "ramp",
      approvedBy: "Decision 14",
    });
  });

  it("words each failing field with the form's message for it, once", () => {
    const checked = validate(
      DETAILS,
      { fullName: "   ", language: "", phone: "call me" },
      MESSAGES,
    );
    expect(checked.data).toBeNull();
    expect(checked.problems).toEqual(MESSAGES);
  });

  it("leaves fields that pass without a problem", () => {
    const checked = validate(
      DETAILS,
      { fullName: "Сейітова Әсел", language: "kk", phone: "+7 701 123" },
      MESSAGES,
    );
    expect(checked.problems).toBeNull();
  });
});

describe("firstProblem", () => {
  it("follows the form's order, not the order problems were found", () => {
    expect(
      firstProblem({ phone: MESSAGES.phone, fullName: MESSAGES.fullName }, [
        "fullName",
        "language",
        "phone",
      ]),
    ).toBe("fullName");
  });
});
