import type { StaffRole } from "../../../server/shared/enums";

/**
 * Who may call what — the expectation the access test holds the server to
 * and the README's "Access" table is generated from. The OpenAPI document
 * says whether a route is public, for kiosks or for staff (`security`);
 * this map says which staff roles. A route missing here, or a role changed
 * on the server, fails the test.
 */
export const PRINCIPALS = ["anonymous", "kioskOther", "kioskOwn", "administrator", "operator", "manager", "reviewer"] as const;
export type PrincipalName = (typeof PRINCIPALS)[number];

const A = "administrator";
const O = "operator";
const M = "manager";
const R = "reviewer";

export const STAFF_ROUTE_ROLES: Record<string, readonly StaffRole[]> = {
  "GET /auth/session": [A, O, M, R],
  "POST /auth/logout": [A, O, M, R],
  "POST /auth/password": [A, O, M, R],
  "GET /accounts": [M],
  "POST /accounts": [M],
  "POST /accounts/{accountId}/reset-password": [M],
  "POST /accounts/{accountId}/deactivate": [M],
  "POST /accounts/{accountId}/reactivate": [M],
  "POST /kiosks/enrollment-codes": [O, M],
  "GET /kiosks": [A, O, M],
  "POST /kiosks/{kioskId}/revoke": [O, M],
  "POST /slots/{slotId}/admissions": [A],
  "GET /slots/{slotId}/seats": [A, O, M],
  "POST /slots/{slotId}/start": [A],
  "POST /slots/{slotId}/pause": [A, O],
  "POST /slots/{slotId}/resume": [A, O],
  "GET /attempts/{attemptId}": [A, O, M, R],
  "POST /attempts/{attemptId}/start": [A],
  "POST /attempts/{attemptId}/pause": [A, O],
  "POST /attempts/{attemptId}/resume": [A, O],
  "POST /attempts/{attemptId}/extend": [A],
  "POST /attempts/{attemptId}/submit": [A],
  "POST /attempts/{attemptId}/void": [A],
  "POST /attempts/{attemptId}/reseat": [O],
  "POST /attempts/{attemptId}/reentry": [A, O],
  "POST /attempts/{attemptId}/incidents": [A, O],
  "GET /slots/{slotId}/incidents": [A, O, M],
  "POST /incidents/{incidentId}/acknowledge": [A, O],
  "POST /incidents/{incidentId}/grant": [O],
  "POST /attempts/{attemptId}/sign-off": [A, O],
  "POST /slots/{slotId}/sign-off": [A, O],
  "GET /slots/{slotId}/results": [A, O, M, R],
  "POST /centers": [M],
  "GET /centers/{centerId}/rooms": [A, O, M],
  "POST /centers/{centerId}/rooms": [M],
  "GET /rooms/{roomId}/seats": [A, O, M],
  "POST /rooms/{roomId}/seats": [M],
  "POST /slots": [M],
  "GET /centers/{centerId}/slots": [A, O, M],
  "PATCH /slots/{slotId}": [M],
  "POST /slots/{slotId}/cancel": [M],
  "POST /staff/bookings": [A, M],
  "GET /slots/{slotId}/roster": [A, O, M],
  "POST /slots/{slotId}/roster-imports": [A, M],
  "GET /roster-imports/{importId}": [A, M],
  "PUT /accommodations": [A, M],
  "POST /accommodations/lookup": [A, O, M],
  "POST /accommodations/remove": [A, M],
  "GET /configuration/keys": [M],
  "GET /certificates/{number}/pdf": [A, O, M],
  "POST /certificates/{number}/revoke": [A, M],
  "GET /slots/{slotId}/protocol.pdf": [A, O, M],
  "GET /appeals": [A, M, R],
  "GET /appeals/stats": [A, M, R],
  "GET /appeals/{appealId}": [M, R],
  "POST /appeals/{appealId}/review": [M, R],
  "POST /appeals/{appealId}/decision": [M, R],
  "GET /analytics/slots/{slotId}": [A, M],
  "GET /analytics/slots/{slotId}/compliance": [A, M],
  "POST /analytics/slots/{slotId}/recompute": [M],
  "GET /analytics/programs/{programId}": [A, M],
  "GET /analytics/programs/{programId}/items": [A, M],
  "GET /analytics/centers/{centerId}/compliance": [A, M],
  "GET /analytics/slots/{slotId}/results.csv": [A, M],
  "GET /analytics/programs/{programId}/items.csv": [A, M],
  "GET /analytics/slots/{slotId}/results.xlsx": [A, M],
  "GET /analytics/programs/{programId}/items.xlsx": [A, M],
  "GET /analytics/slots/{slotId}/archive.json": [A, M],
};

/**
 * Socket events: who may connect to the namespace, and who may use the
 * event once connected. Kiosk events on an attempt are for the kiosk of the
 * attempt's seat only ("kioskOwn"); another seat's kiosk gets
 * `not_your_attempt`.
 */
export const SOCKET_EVENT_ACCESS: Record<string, readonly PrincipalName[]> = {
  "kiosk time.sync": ["kioskOther", "kioskOwn"],
  "kiosk kiosk.heartbeat": ["kioskOther", "kioskOwn"],
  "kiosk attempt.resync": ["kioskOwn"],
  "kiosk attempt.confirm": ["kioskOwn"],
  "kiosk attempt.start": ["kioskOwn"],
  "kiosk answer.save": ["kioskOwn"],
  "kiosk incident.report": ["kioskOwn"],
  "kiosk attempt.submit": ["kioskOwn"],
  "console time.sync": [A, O, M, R],
  "console slot.watch": [A, O, M],
};

export type Security = "public" | "kiosk" | "session";

/** Who may call a REST route: from its OpenAPI `security` and the map above. */
export function allowedFor(route: string, security: Security): readonly PrincipalName[] {
  if (security === "public") return PRINCIPALS;
  if (security === "kiosk") return ["kioskOther", "kioskOwn"];
  const roles = STAFF_ROUTE_ROLES[route];
  if (!roles) throw new Error(`${route} is a staff route missing from STAFF_ROUTE_ROLES`);
  return roles;
}

const HEADER = "| route | anonymous | kiosk | administrator | operator | manager | reviewer |";

/** The README's Access table (REST routes in OpenAPI order, then socket events). */
export function accessTable(routes: { route: string; security: Security }[]): string {
  const mark = (allowed: readonly PrincipalName[], who: PrincipalName) => (allowed.includes(who) ? "✓" : "—");
  const rows = routes.map(({ route, security }) => {
    const allowed = allowedFor(route, security);
    return `| \`${route}\` | ${mark(allowed, "anonymous")} | ${mark(allowed, "kioskOwn")} | ${mark(allowed, A)} | ${mark(allowed, O)} | ${mark(allowed, M)} | ${mark(allowed, R)} |`;
  });
  const events = Object.entries(SOCKET_EVENT_ACCESS).map(([event, allowed]) => {
    const [namespace, name] = event.split(" ");
    const kiosk = allowed.includes("kioskOther") ? "✓" : allowed.includes("kioskOwn") ? "own seat" : "—";
    return `| socket \`/${namespace} ${name}\` | — | ${kiosk} | ${mark(allowed, A)} | ${mark(allowed, O)} | ${mark(allowed, M)} | ${mark(allowed, R)} |`;
  });
  return [HEADER, "|---|:-:|:-:|:-:|:-:|:-:|:-:|", ...rows, ...events].join("\n");
}
