#!/usr/bin/env bash
# The run command: installs what is needed into .venv, migrates, and serves on SQLite by default.
# Arguments go to `relais serve` (e.g. --host 0.0.0.0 --port 8000 --workers 4).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
bootstrap ""
exec .venv/bin/relais serve "$@"
