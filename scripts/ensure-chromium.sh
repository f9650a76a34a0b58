#!/usr/bin/env bash
# Playwright drives Debian's Chromium (browsers cannot be downloaded here).
set -euo pipefail
chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$chromium_path" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
	echo "Chromium not found: installing Debian's chromium package…"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
	exit 0
fi
echo "Chromium is missing. Install it with: sudo apt-get install chromium" >&2
echo "(or set CHROMIUM_PATH to a Chromium binary)" >&2
exit 1
