#!/usr/bin/env bash
# Writes tests/upgrades/release_<commit>/: the demo database as the release at <commit> writes
# it, dumped from SQLite and from PostgreSQL, for the upgrade tests.
# Usage: scripts/make_upgrade_fixture.sh <commit>   (PostgreSQL at RELAIS_TEST_POSTGRES_URL's server)
set -euo pipefail
cd "$(dirname "$0")/.."
commit="$(git rev-parse --short=7 "$1")"
admin_url="${RELAIS_TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
work="$(mktemp -d)"
trap 'git worktree remove --force "$work/tree" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add --detach "$work/tree" "$commit" >/dev/null
(cd "$work/tree" && source scripts/bootstrap.sh && bootstrap "")
out="tests/upgrades/release_${commit}"
mkdir -p "$out"
export RELAIS_PASSWORD="release-demo-password-1"
RELAIS_DATABASE_URL="sqlite:///$work/demo.sqlite3" "$work/tree/.venv/bin/relais" seed-demo >/dev/null
"$work/tree/.venv/bin/python" -c "
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1])
open(sys.argv[2], 'w', encoding='utf-8').write('\n'.join(connection.iterdump()) + '\n')
" "$work/demo.sqlite3" "$out/sqlite.sql"
database="relais_fixture_${commit}"
psql "$admin_url" -q -c "DROP DATABASE IF EXISTS \"$database\"" -c "CREATE DATABASE \"$database\""
RELAIS_DATABASE_URL="${admin_url%/*}/$database" "$work/tree/.venv/bin/relais" seed-demo >/dev/null
pg_dump --inserts --no-owner --no-privileges "${admin_url%/*}/$database" \
    | sed '/^\\restrict /d;/^\\unrestrict /d' >"$out/postgres.sql"
psql "$admin_url" -q -c "DROP DATABASE \"$database\""
echo "wrote $out"
