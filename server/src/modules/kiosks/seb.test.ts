import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sebHash, sebSatisfied } from "./seb";

const KEY = "81aad4ab9dfd447cc479e6a4a7c9a544e2cafc7f3adeb68b2a21efad68eca4dc";

describe("sebHash", () => {
  it("is SHA-256 of the URL without its fragment, then the key, in hex", () => {
    const url = "https://test.example.kz/kiosk/";
    const expected = createHash("sha256")
      .update(url + KEY)
      .digest("hex");
    expect(sebHash(url, KEY)).toBe(expected);
    expect(sebHash(`${url}#question-3`, KEY)).toBe(expected);
    expect(sebHash(url, KEY.toUpperCase())).toBe(expected);
  });
});

describe("sebSatisfied", () => {
  const base = "https://test.example.kz";
  it("asks for nothing when no key is set", () => {
    expect(
      sebSatisfied(undefined, base, { requestUrl: `${base}/api/v1/kiosks/me` }),
    ).toBe(true);
  });
  it("takes the request's own hash, in either case of hex", () => {
    const requestUrl = `${base}/api/v1/kiosks/me`;
    expect(
      sebSatisfied(KEY, base, {
        requestUrl,
        header: sebHash(requestUrl, KEY).toUpperCase(),
      }),
    ).toBe(true);
    expect(
      sebSatisfied(KEY, base, {
        requestUrl,
        header: sebHash(`${base}/other`, KEY),
      }),
    ).toBe(false);
    expect(
      sebSatisfied(KEY, base, { requestUrl, header: ["not", "a", "string"] }),
    ).toBe(false);
  });
  it("takes a page hash only for this server's kiosk pages", () => {
    const requestUrl = `${base}/socket.io/?EIO=4&transport=websocket`;
    for (const page of [
      `${base}/kiosk`,
      `${base}/kiosk/`,
      `${base}/kiosk?seat=1`,
    ]) {
      expect(
        sebSatisfied(KEY, base, {
          requestUrl,
          page,
          pageHash: sebHash(page, KEY),
        }),
        page,
      ).toBe(true);
    }
    for (const page of [
      `${base}/kiosks-elsewhere`,
      `${base}/admin`,
      "https://evil.example/kiosk/",
    ]) {
      expect(
        sebSatisfied(KEY, base, {
          requestUrl,
          page,
          pageHash: sebHash(page, KEY),
        }),
        page,
      ).toBe(false);
    }
  });
});
