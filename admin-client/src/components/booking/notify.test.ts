import { describe, expect, it } from "vitest";
import { notifyChoice } from "./notify";

describe("the booking form's choice of channel", () => {
  it("offers only the channels the candidate gave an address for", () => {
    expect(notifyChoice({ phone: "", email: "" }, null)).toEqual({
      offered: ["none"],
      notifyBy: "none",
    });
    expect(
      notifyChoice({ phone: "+7 701 000 00 00", email: "" }, null),
    ).toEqual({ offered: ["sms", "none"], notifyBy: "sms" });
    expect(
      notifyChoice({ phone: "+7 701 000 00 00", email: "a@mail.kz" }, null),
    ).toEqual({ offered: ["sms", "email", "none"], notifyBy: "email" });
  });

  it("keeps the candidate's choice while its address is there, and falls back when it goes", () => {
    const both = { phone: "+7 701 000 00 00", email: "a@mail.kz" };
    expect(notifyChoice(both, "sms").notifyBy).toBe("sms");
    expect(notifyChoice(both, "none").notifyBy).toBe("none");
    expect(notifyChoice({ ...both, phone: " " }, "sms").notifyBy).toBe("email");
  });
});
