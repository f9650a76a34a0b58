#!/usr/bin/env bash
# Tests read generated PDFs with Debian's pdftotext and pdfinfo (poppler-utils).
set -euo pipefail
if command -v pdftotext >/dev/null && command -v pdfinfo >/dev/null; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
	echo "pdftotext not found: installing Debian's poppler-utils package…"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null
	exit 0
fi
echo "pdftotext is missing. Install it with: sudo apt-get install poppler-utils" >&2
exit 1
