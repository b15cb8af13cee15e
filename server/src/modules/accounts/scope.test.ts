import { describe, expect, it } from "vitest";
import type { StaffScope } from "@shared/accounts";
import type { StaffRole } from "@shared/enums";
import { isSynaqError } from "../../errors";
import { seesAnswerKeys } from "../banks/key-access";
import { checkMayCreate } from "./service";

const network: StaffScope = { kind: "network" };
const astana: StaffScope = { kind: "centers", centerIds: ["astana"] };
const almaty: StaffScope = { kind: "centers", centerIds: ["almaty"] };

/** The refusal id, or "allowed". */
function decide(
  creator: { role: StaffRole; scope: StaffScope },
  account: { role: StaffRole; scope: StaffScope },
): string {
  try {
    checkMayCreate(creator, account);
    return "allowed";
  } catch (error) {
    if (isSynaqError(error)) return error.id;
    throw error;
  }
}

describe("who may create (or change) which account", () => {
  it("lets a center manager make staff and peers of their own center only", () => {
    const manager = { role: "manager" as const, scope: astana };
    expect(decide(manager, { role: "administrator", scope: astana })).toBe(
      "allowed",
    );
    expect(decide(manager, { role: "manager", scope: astana })).toBe("allowed");
    expect(decide(manager, { role: "administrator", scope: almaty })).toBe(
      "out_of_scope",
    );
    expect(decide(manager, { role: "reviewer", scope: network })).toBe(
      "out_of_scope",
    );
    expect(decide(manager, { role: "network-manager", scope: network })).toBe(
      "forbidden",
    );
  });

  it("lets a network manager make any account, and a network-scope manager none above a manager", () => {
    const networkManager = { role: "network-manager" as const, scope: network };
    expect(decide(networkManager, { role: "manager", scope: almaty })).toBe(
      "allowed",
    );
    expect(
      decide(networkManager, { role: "network-manager", scope: network }),
    ).toBe("allowed");
    expect(
      decide(
        { role: "manager", scope: network },
        { role: "network-manager", scope: network },
      ),
    ).toBe("forbidden");
  });
});

describe("answer keys", () => {
  it("reach reviewers of any scope and managers of the network only", () => {
    expect(seesAnswerKeys({ role: "reviewer", scope: astana })).toBe(true);
    expect(seesAnswerKeys({ role: "manager", scope: network })).toBe(true);
    expect(seesAnswerKeys({ role: "network-manager", scope: network })).toBe(
      true,
    );
    expect(seesAnswerKeys({ role: "manager", scope: astana })).toBe(false);
    expect(seesAnswerKeys({ role: "administrator", scope: network })).toBe(
      false,
    );
  });
});
