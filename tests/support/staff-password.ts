import { hashPassword } from "../../server/src/modules/accounts/passwords";

/**
 * The password of the staff accounts tests create. One hash per test
 * process: scrypt at the production cost takes half a second, and a suite
 * creates hundreds of accounts.
 */
export const TEST_STAFF_PASSWORD = "test-staff-password-long-enough";

let hash: Promise<string> | undefined;

export function testStaffPasswordHash(): Promise<string> {
  hash ??= hashPassword(TEST_STAFF_PASSWORD);
  return hash;
}
