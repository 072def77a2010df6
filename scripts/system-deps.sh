#!/usr/bin/env bash
# Install the system libraries WeasyPrint (PDF reports) needs, only if they are missing.
# Debian/Ubuntu: Pango (WeasyPrint dlopens pango-1.0 and pangoft2-1.0, which bring glib, harfbuzz and
# fontconfig), HarfBuzz-subset (optional for WeasyPrint, but font subsetting is ~0.3 s faster per PDF),
# and fonts: Liberation Sans (Arial metrics, used by the report and its charts) and DejaVu (fallback).
# poppler-utils (pdftoppm) renders PDF pages to PNG (make review). Safe to run repeatedly.
set -euo pipefail
need=()
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_lib 'libpango-1.0.so.0' || need+=(libpango-1.0-0)
have_lib 'libpangoft2-1.0.so.0' || need+=(libpangoft2-1.0-0)
have_lib 'libharfbuzz-subset.so.0' || need+=(libharfbuzz-subset0)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
[ -e /usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf ] || need+=(fonts-liberation2)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
# headless Chromium and its driver (Debian's packages) for the what-if page's browser test;
# Selenium is pointed at /usr/bin/chromedriver, so nothing downloads a browser
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: please install Pango, HarfBuzz and a font set (needed by WeasyPrint): ${need[*]}" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "system-deps: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
# matplotlib caches its font list; drop it so newly installed fonts (Liberation Sans) are seen
rm -f "${MPLCONFIGDIR:-$HOME/.cache/matplotlib}"/fontlist-*.json 2>/dev/null || true
