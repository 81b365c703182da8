#!/usr/bin/env bash
# The test command: installs Relais with its test tools and Debian's Chromium, then runs every
# test against SQLite and PostgreSQL. Arguments go to pytest (e.g. -k loans, -x).
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

exec .venv/bin/python -m pytest "$@"
