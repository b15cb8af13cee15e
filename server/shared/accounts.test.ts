import { describe, expect, it } from "vitest";
import { scopeCovers, scopeWithin, type StaffScope } from "./accounts";

const network: StaffScope = { kind: "network" };
const centers = (...centerIds: string[]): StaffScope => ({
  kind: "centers",
  centerIds,
});

describe("staff scope", () => {
  it("covers every center from the network, only its own from a set", () => {
    expect(scopeCovers(network, "astana")).toBe(true);
    expect(scopeCovers(centers("astana"), "astana")).toBe(true);
    expect(scopeCovers(centers("astana"), "almaty")).toBe(false);
    expect(scopeCovers(centers("astana", "almaty"), "almaty")).toBe(true);
  });

  it("puts a set of centers within the network or a larger set, never the network within a set", () => {
    expect(scopeWithin(centers("astana"), network)).toBe(true);
    expect(scopeWithin(network, network)).toBe(true);
    expect(scopeWithin(centers("astana"), centers("astana", "almaty"))).toBe(
      true,
    );
    expect(scopeWithin(centers("astana", "almaty"), centers("astana"))).toBe(
      false,
    );
    expect(scopeWithin(network, centers("astana"))).toBe(false);
  });
});
