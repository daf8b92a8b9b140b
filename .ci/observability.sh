#!/usr/bin/env bash
# Run by .ci/run (as root, on Debian bookworm) before the build: installs Prometheus 2.42
# (`prometheus`) and Alertmanager 0.25 (`prometheus-alertmanager`) from the Debian mirror, for the
# tests that start them on loopback ports (adapters-http/verification's harness and the app's
# end-to-end tests). Only installs: the tests start and stop the binaries themselves. With CI set,
# those tests fail instead of skipping when a binary is missing.
set -euo pipefail

if command -v prometheus >/dev/null && command -v prometheus-alertmanager >/dev/null; then
  echo "[observability] prometheus and prometheus-alertmanager are installed already" >&2
  exit 0
fi
echo "[observability] installing prometheus and prometheus-alertmanager" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  prometheus prometheus-alertmanager >/dev/null
prometheus --version 2>&1 | head -1 >&2
prometheus-alertmanager --version 2>&1 | head -1 >&2
