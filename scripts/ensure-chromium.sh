#!/usr/bin/env bash
# Installs Debian's Chromium (and a font to render text with) for the HTML report's browser test,
# when it is not there yet. The browser comes from the distribution's packages: test tools that
# download their own builds cannot reach their hosts from CI. Idempotent and quiet: prints only on
# failure.
set -euo pipefail
CHROMIUM=/usr/bin/chromium
[ -x "$CHROMIUM" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-chromium: $CHROMIUM is missing and installing it needs root (apt-get install chromium)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# A lock held by another apt run is waited for rather than failed on.
if ! { apt-get -o DPkg::Lock::Timeout=300 update -qq && apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends chromium fonts-dejavu-core; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "ensure-chromium: apt-get install chromium failed" >&2
  exit 1
fi
[ -x "$CHROMIUM" ] || { echo "ensure-chromium: installed, but $CHROMIUM is still missing" >&2; exit 1; }
