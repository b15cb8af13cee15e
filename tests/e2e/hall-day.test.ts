/**
 * The hall on a busy day (issue 24), in Chromium: each part drives its own
 * slot of several candidates through one point of the issue, with the
 * console in Kazakh and Russian.
 *
 * - kiosk: the action bar and "saved ✓" inside the window at 1024×768,
 *   1280×800, 1366×768, 1920×1080 and at the large-text settings; added
 *   time, pause and resume announced in words;
 * - start: a candidate admitted early waits, told who starts and when; the
 *   administrator starts early (EARLY_START);
 * - incidents: a reconnect storm folded into one line per seat, bulk
 *   acknowledge, no "give time back" after the document;
 * - results: the sign-off warnings and their reason, the results at 1366 px
 *   and printed on A4 landscape, landing on Today;
 * - language: every console screen in kk and ru without a string of the
 *   English catalogue; the wrong-slot refusal with a link to the right desk.
 *
 * The parts live in hall-day/ (not *.test.ts, so they run only from here).
 */
import "./hall-day/kiosk";
import "./hall-day/start";
import "./hall-day/incidents";
import "./hall-day/results";
import "./hall-day/language";
