#!/usr/bin/env bash
# Installs the Debian packages the tests need and a fresh machine lacks: Chromium for the tab's
# browser tests (played by playwright-core; never `npx playwright install`, which downloads).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Chromium is missing; run as root: apt-get update && apt-get install -y chromium" >&2
  exit 1
fi
echo "Installing Chromium (Debian package) for the browser tests..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
