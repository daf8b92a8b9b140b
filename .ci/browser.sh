#!/usr/bin/env bash
# Run by .ci/run (as root, on Debian bookworm): installs Debian's chromium and its chromedriver for
# the console's browser test (app: ConsoleBrowserTest), which drives /usr/bin/chromium through
# /usr/bin/chromedriver and fails when they are missing while CI is set.
set -euo pipefail
if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  echo "[browser] chromium and chromedriver are installed already" >&2
  exit 0
fi
echo "[browser] installing chromium and chromium-driver" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
