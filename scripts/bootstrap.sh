# Sourced by run.sh and test.sh: a virtual environment in .venv with Relais installed.
# Usage: bootstrap "<extras>"  (e.g. "" or "test"). Reinstalls only when pyproject.toml changed.
set -euo pipefail

find_python() {
    for candidate in "${RELAIS_PYTHON:-}" python3.11 python3.12 python3.13 python3; do
        [ -n "$candidate" ] || continue
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    echo "Relais needs Python 3.11 or newer on the PATH" >&2
    return 1
}

bootstrap() {
    local extras="$1" spec="." stamp
    [ -n "$extras" ] && spec=".[${extras}]"
    if [ ! -x .venv/bin/python ]; then
        "$(find_python)" -m venv .venv
    fi
    stamp=".venv/.relais-installed-$(cat pyproject.toml | sha256sum | cut -c1-16)-${extras:-base}"
    if [ ! -f "$stamp" ]; then
        .venv/bin/python -m pip install --quiet --upgrade pip
        .venv/bin/python -m pip install --quiet -e "$spec"
        rm -f .venv/.relais-installed-*
        touch "$stamp"
    fi
}
