import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDetachedCms, issuerAndSerial, verifyDetachedCms } from "./cms";
import { generateDemoP12, identityFromP12 } from "./key-store";

const identity = identityFromP12(
  generateDemoP12({
    organization: "Тестілеу орталығы «Ақжол»",
    passphrase: "pw",
  }),
  "pw",
  true,
);
const content = [
  Buffer.from("%PDF-1.7 first range "),
  Buffer.from(" second range %%EOF"),
];
const work = mkdtempSync(path.join(tmpdir(), "synaq-cms-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("detached CMS signatures", () => {
  it("verifies what it signed and names the signer's certificate", () => {
    const cms = createDetachedCms(content, identity);
    const verdict = verifyDetachedCms(cms, content);
    expect(verdict.ok).toBe(true);
    expect(
      verdict.ok &&
        verdict.signerCertificateDer.equals(identity.certificateDer),
    ).toBe(true);
  });

  it("fails when one byte of the signed content changes", () => {
    const cms = createDetachedCms(content, identity);
    const changed = [Buffer.from(content[0]!), content[1]!];
    changed[0]![3] = 0x41;
    expect(verifyDetachedCms(cms, changed)).toMatchObject({
      ok: false,
      reason: "digest_mismatch",
    });
  });

  it("fails when the signature value itself is changed", () => {
    const cms = Buffer.from(createDetachedCms(content, identity));
    cms[cms.length - 10] = (cms[cms.length - 10] ?? 0) ^ 0xff;
    expect(verifyDetachedCms(cms, content)).toMatchObject({
      ok: false,
      reason: "signature_invalid",
    });
  });

  it("calls garbage malformed instead of throwing", () => {
    expect(
      verifyDetachedCms(Buffer.from([0x30, 0x03, 0x01]), content),
    ).toMatchObject({
      ok: false,
      reason: "malformed",
    });
  });

  it("is accepted by OpenSSL, with a UTF-8 (Kazakh) organization name", () => {
    const cms = createDetachedCms(content, identity);
    writeFileSync(path.join(work, "sig.der"), cms);
    writeFileSync(path.join(work, "content.bin"), Buffer.concat(content));
    const result = spawnSync(
      "openssl",
      [
        "cms",
        "-verify",
        "-binary",
        "-inform",
        "DER",
        "-in",
        "sig.der",
        "-content",
        "content.bin",
        "-noverify",
        "-out",
        "/dev/null",
      ],
      { cwd: work, encoding: "utf8" },
    );
    expect(result.stderr).toContain("Verification successful");
  });

  it("takes issuer and serial from the certificate bytes as they are", () => {
    const { issuer, serial } = issuerAndSerial(identity.certificateDer);
    expect(identity.certificateDer.includes(Buffer.concat([serial]))).toBe(
      true,
    );
    expect(identity.certificateDer.includes(issuer)).toBe(true);
    expect(issuer.includes(Buffer.from("Ақжол", "utf8"))).toBe(true);
  });
});

describe("reading a center's PKCS#12", () => {
  it("reads one made by OpenSSL 3 (AES, SHA-256 MAC) and keeps the certificate byte for byte", () => {
    const key = path.join(work, "key.pem");
    const cert = path.join(work, "cert.pem");
    const p12 = path.join(work, "center.p12");
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        key,
        "-out",
        cert,
        "-days",
        "30",
        "-utf8",
        "-subj",
        "/CN=Синақ орталығы/O=Тест/C=KZ",
      ],
      { stdio: "ignore" },
    );
    execFileSync(
      "openssl",
      [
        "pkcs12",
        "-export",
        "-inkey",
        key,
        "-in",
        cert,
        "-out",
        p12,
        "-passout",
        "pass:secret",
      ],
      { stdio: "ignore" },
    );
    const loaded = identityFromP12(readFileSync(p12), "secret", false);
    const pem = readFileSync(cert, "utf8");
    const der = Buffer.from(
      pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""),
      "base64",
    );
    expect(loaded.certificateDer.equals(der)).toBe(true);
    expect(loaded.commonName).toBe("Синақ орталығы");
    expect(
      verifyDetachedCms(createDetachedCms(content, loaded), content).ok,
    ).toBe(true);
  });

  it("refuses a wrong passphrase", () => {
    expect(() =>
      identityFromP12(generateDemoP12({ passphrase: "right" }), "wrong", false),
    ).toThrow();
  });
});
