#!/usr/bin/env bash
# A careless runbook, as teams write them: the password hard-coded and echoed. pgdrill keeps its
# output as evidence (runbook-step-N.log), so the password must come out redacted there.
set -euo pipefail
APP_PASSWORD='PGDRILL-MARKER-kybm5ZxY6AQt-app'
echo "checking the app role with password ${APP_PASSWORD}"
echo "as JSON: {\"user\": \"app\", \"pw\": \"${APP_PASSWORD}\"}"
