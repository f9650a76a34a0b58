#!/usr/bin/env bash
# `npm test`: every check and test suite. The first stage runs four independent jobs at once
# (lint, type check, installing Chromium and poppler, compiling the Peppol rules): each of them
# mostly waits on one CPU or on the network, and a 2-CPU CI machine finishes them together in
# about the time of the longest. Each job's output is printed whole when it ends.
set -euo pipefail
cd "$(dirname "$0")/.."
log=.tmp/test-logs
rm -rf "$log" && mkdir -p "$log"

stage() { echo; echo "=== $1 ($(date +%T))"; }

stage 'lint, type check, system packages, Peppol rules (in parallel)'
npm run prepare >"$log/prepare.log" 2>&1 || { cat "$log/prepare.log"; exit 1; }
declare -A jobs=(
	[lint]='npm run lint'
	[check]='svelte-check --tsconfig ./tsconfig.json --fail-on-warnings'
	[packages]='bash scripts/ensure-chromium.sh && bash scripts/ensure-poppler.sh'
	[peppol-rules]='tsx scripts/peppol-rules.ts'
)
declare -A pids=()
for name in "${!jobs[@]}"; do
	(PATH="$PWD/node_modules/.bin:$PATH" bash -c "${jobs[$name]}") >"$log/$name.log" 2>&1 &
	pids[$name]=$!
done
failed=()
for name in "${!jobs[@]}"; do
	if wait "${pids[$name]}"; then status=ok; else status=FAILED; failed+=("$name"); fi
	echo "--- $name: $status"
	cat "$log/$name.log"
done
if [ ${#failed[@]} -gt 0 ]; then
	echo "Failed: ${failed[*]}" >&2
	exit 1
fi

stage 'unit and integration tests (Vitest)'
npx vitest run
stage 'production build'
npm run build
stage 'end-to-end tests (Playwright, production build)'
npx playwright test
stage 'Workers smoke tests (workerd)'
npx playwright test -c playwright.edge.config.ts
stage "done ($(date +%T))"
