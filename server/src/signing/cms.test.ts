import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { afterAll, describe, expect, it } from "vitest";
import { createDetachedCms, verifyDetachedCms } from "./cms";
import { generateDemoP12, identityFromP12 } from "./key-store";

const identity = identityFromP12(
  generateDemoP12({
    organization: "Тестілеу орталығы «Ақжол»",
    passphrase: "pw",
  }),
  "pw",
  true,
);
const otherIdentity = identityFromP12(
  generateDemoP12({ passphrase: "pw" }),
  "pw",
  true,
);
const content = [
  Buffer.from("%PDF-1.7 first range "),
  Buffer.from(" second range %%EOF"),
];
const work = mkdtempSync(path.join(tmpdir(), "synaq-cms-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Parses a CMS with PKI.js, lets `edit` change it and encodes it again. */
function reencoded(
  cms: Buffer,
  edit: (signedData: pkijs.SignedData) => void,
): Buffer {
  const contentInfo = pkijs.ContentInfo.fromBER(new Uint8Array(cms));
  const signedData = new pkijs.SignedData({ schema: contentInfo.content });
  edit(signedData);
  contentInfo.content = signedData.toSchema(true);
  return Buffer.from(contentInfo.toSchema().toBER());
}

/** `depth` nested SEQUENCEs in the long length form, 6 bytes each. */
function nestedSequences(depth: number): Buffer {
  const headers: Buffer[] = [];
  for (let inside = depth - 1; inside >= 0; inside--) {
    const header = Buffer.from([0x30, 0x84, 0, 0, 0, 0]);
    header.writeUInt32BE(inside * 6, 2);
    headers.push(header);
  }
  return Buffer.concat(headers);
}

describe("detached CMS signatures", () => {
  it("verifies what it signed and names the signer's certificate", async () => {
    const cms = await createDetachedCms(content, identity);
    const verdict = await verifyDetachedCms(cms, content);
    expect(verdict.ok).toBe(true);
    expect(
      verdict.ok &&
        verdict.signerCertificateDer.equals(identity.certificateDer),
    ).toBe(true);
  });

  it("fails when one byte of the signed content changes", async () => {
    const cms = await createDetachedCms(content, identity);
    const changed = [Buffer.from(content[0]!), content[1]!];
    changed[0]![3] = 0x41;
    expect(await verifyDetachedCms(cms, changed)).toMatchObject({
      ok: false,
      reason: "digest_mismatch",
    });
  });

  it("fails when the signature value itself is changed", async () => {
    const cms = Buffer.from(await createDetachedCms(content, identity));
    cms[cms.length - 10] = (cms[cms.length - 10] ?? 0) ^ 0xff;
    expect(await verifyDetachedCms(cms, content)).toMatchObject({
      ok: false,
      reason: "signature_invalid",
    });
  });

  it("fails when it carries another key's certificate as the signer's", async () => {
    const cms = await createDetachedCms(content, {
      ...otherIdentity,
      privateKey: identity.privateKey,
    });
    const verdict = await verifyDetachedCms(cms, content);
    expect(verdict).toMatchObject({ ok: false, reason: "signature_invalid" });
    expect(
      !verdict.ok &&
        verdict.signerCertificateDer?.equals(otherIdentity.certificateDer),
    ).toBe(true);
  });

  it("fails when the signer's certificate is not inside", async () => {
    const cms = reencoded(
      await createDetachedCms(content, identity),
      (signedData) => {
        signedData.certificates = [
          pkijs.Certificate.fromBER(
            new Uint8Array(otherIdentity.certificateDer),
          ),
        ];
      },
    );
    expect(await verifyDetachedCms(cms, content)).toMatchObject({
      ok: false,
      reason: "signer_missing",
    });
  });

  it("refuses SHA-1 and more than one signer", async () => {
    const cms = await createDetachedCms(content, identity);
    const sha1 = reencoded(cms, (signedData) => {
      signedData.signerInfos[0]!.digestAlgorithm =
        new pkijs.AlgorithmIdentifier({
          algorithmId: "1.3.14.3.2.26",
          algorithmParams: new asn1js.Null(),
        });
    });
    expect(await verifyDetachedCms(sha1, content)).toMatchObject({
      ok: false,
      reason: "unsupported",
    });
    const twoSigners = reencoded(cms, (signedData) => {
      signedData.signerInfos.push(signedData.signerInfos[0]!);
    });
    expect(await verifyDetachedCms(twoSigners, content)).toMatchObject({
      ok: false,
      reason: "unsupported",
    });
  });

  it("calls garbage malformed instead of throwing, and quickly", async () => {
    const cms = await createDetachedCms(content, identity);
    const garbage = [
      Buffer.from([0x30, 0x03, 0x01]),
      Buffer.alloc(0),
      cms.subarray(0, cms.length - 1),
      identity.certificateDer,
      Buffer.concat([Buffer.from([0x30, 0x80]), Buffer.alloc(64 * 1024)]),
      nestedSequences(100_000),
      Buffer.from(
        Array.from({ length: 256 * 1024 }, (_, i) => (i * 7919) % 251),
      ),
    ];
    const started = performance.now();
    for (const bytes of garbage) {
      expect(await verifyDetachedCms(bytes, content)).toMatchObject({
        ok: false,
        reason: "malformed",
      });
    }
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("is accepted by OpenSSL, with a UTF-8 (Kazakh) organization name", async () => {
    const cms = await createDetachedCms(content, identity);
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

  it("names the signer by the issuer and serial of its certificate, byte for byte", async () => {
    const cms = await createDetachedCms(content, identity);
    const signedData = new pkijs.SignedData({
      schema: pkijs.ContentInfo.fromBER(new Uint8Array(cms)).content,
    });
    const sid = signedData.signerInfos[0]!.sid as pkijs.IssuerAndSerialNumber;
    const issuer = Buffer.from(sid.issuer.toSchema().toBER());
    const serial = Buffer.from(sid.serialNumber.toBER());
    expect(identity.certificateDer.includes(serial)).toBe(true);
    expect(identity.certificateDer.includes(issuer)).toBe(true);
    expect(issuer.includes(Buffer.from("Ақжол", "utf8"))).toBe(true);
  });
});

describe("reading a center's PKCS#12", () => {
  it("reads one made by OpenSSL 3 (AES, SHA-256 MAC) and keeps the certificate byte for byte", async () => {
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
    const cms = await createDetachedCms(content, loaded);
    expect((await verifyDetachedCms(cms, content)).ok).toBe(true);
  });

  it("refuses a wrong passphrase", () => {
    expect(() =>
      identityFromP12(generateDemoP12({ passphrase: "right" }), "wrong", false),
    ).toThrow();
  });
});
