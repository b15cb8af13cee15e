#!/bin/sh
# Starts Chromium as a Synaq test station: full screen (--kiosk) on the
# center's kiosk URL, with a dedicated, persistent profile. Persistent on
# purpose: the answer journal lives in the profile's IndexedDB and must
# survive a browser restart mid-test, so never add --incognito here.
#
#   chromium-kiosk.sh https://synaq.center.example/kiosk/
#
# Environment: SYNAQ_URL (instead of the argument), SYNAQ_PROFILE_DIR
# (default ~/.local/share/synaq-kiosk), CHROMIUM (the browser binary).
# See README.md beside this file for the managed policy that goes with it.
set -eu

url="${1:-${SYNAQ_URL:-}}"
if [ -z "$url" ]; then
  echo "usage: $0 https://<synaq server>/kiosk/" >&2
  exit 64
fi
case "$url" in
  https://* | http://localhost* | http://127.0.0.1*) ;;
  *)
    echo "refusing $url: a kiosk talks to its server over https" >&2
    exit 64
    ;;
esac

profile="${SYNAQ_PROFILE_DIR:-${HOME}/.local/share/synaq-kiosk}"
browser="${CHROMIUM:-}"
if [ -z "$browser" ]; then
  for candidate in chromium chromium-browser google-chrome-stable google-chrome; do
    if command -v "$candidate" >/dev/null 2>&1; then
      browser="$(command -v "$candidate")"
      break
    fi
  done
fi
if [ -z "$browser" ]; then
  echo "no Chromium found: install it or set CHROMIUM" >&2
  exit 69
fi

mkdir -p "$profile"
# A power cut leaves the profile marked as crashed; clear the mark so no
# "restore pages?" bubble sits over the test after the reboot.
if [ -f "$profile/Default/Preferences" ]; then
  sed -i 's/"exit_type":"Crashed"/"exit_type":"Normal"/; s/"exited_cleanly":false/"exited_cleanly":true/' \
    "$profile/Default/Preferences" 2>/dev/null || true
fi

exec "$browser" \
  --kiosk \
  --user-data-dir="$profile" \
  --no-first-run \
  --no-default-browser-check \
  --disable-translate \
  --disable-features=Translate,TranslateUI,OverscrollHistoryNavigation,HardwareMediaKeyHandling \
  --disable-pinch \
  --overscroll-history-navigation=0 \
  --disable-sync \
  --disable-session-crashed-bubble \
  --hide-crash-restore-bubble \
  --noerrdialogs \
  --disable-infobars \
  --password-store=basic \
  --autoplay-policy=user-gesture-required \
  --check-for-update-interval=31536000 \
  "$url"
