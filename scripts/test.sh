#!/usr/bin/env bash
# The test command: installs Relais with its test tools, Debian's Chromium and nwipe, then runs every
# test against SQLite and PostgreSQL, after the type checker. Arguments go to pytest (e.g. -k loans, -x).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
bootstrap "test"

if [ ! -x /usr/bin/chromium ]; then
    echo "Installing Debian's chromium for the browser tests..."
    if [ "$(id -u)" -eq 0 ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
        sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    fi
fi

# tests/devices/test_nwipe_real.py wipes a loop device with the real nwipe (as root, as CI runs).
if ! command -v nwipe >/dev/null && [ ! -x /usr/sbin/nwipe ]; then
    echo "Installing Debian's nwipe for the wipe-report tests..."
    if [ "$(id -u)" -eq 0 ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nwipe >/dev/null
    else
        sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nwipe >/dev/null
    fi
fi

# The type checker first (configured in pyproject.toml: strict on labels/, devices and
# reporting): a type error fails the run before any test.
.venv/bin/python -m mypy
exec .venv/bin/python -m pytest "$@"
