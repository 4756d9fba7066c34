#!/usr/bin/env bash
# Remake tests/migrations/release_477da08.sql.gz: a PostgreSQL database as the release
# 477da08 leaves it, with the demo and a little more (release_extras.py). See README.md.
#
#   tests/migrations/make_release_dump.sh
#
# Needs PostgreSQL (createdb, dropdb, pg_dump; by default postgres@127.0.0.1:5432 with
# trust auth: set PGHOST, PGPORT, PGUSER, PGPASSWORD otherwise) and the project's
# virtualenv (PYTHON, by default .venv/bin/python). It checks the release out in a
# temporary git worktree, builds the database there, dumps it, and removes both.
set -euo pipefail

RELEASE=477da08
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(git -C "$HERE" rev-parse --show-toplevel)
PYTHON=${PYTHON:-$REPO/.venv/bin/python}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
DB=${DB:-citygoals_release}
OUT="$HERE/release_$RELEASE.sql.gz"
WORKDIR=$(mktemp -d)
WORKTREE=$WORKDIR/release

cleanup() {
    git -C "$REPO" worktree remove --force "$WORKTREE" 2>/dev/null || true
    rm -rf "$WORKDIR"
    dropdb --if-exists "$DB"
}
trap cleanup EXIT

git -C "$REPO" worktree add --detach "$WORKTREE" "$RELEASE"
dropdb --if-exists "$DB"
createdb "$DB"

export DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$DB"
export EMAIL_URL=dummy://
(
    cd "$WORKTREE"
    TASKS_BACKEND=immediate "$PYTHON" manage.py migrate --no-input -v0
    TASKS_BACKEND=immediate "$PYTHON" manage.py seed_demo
    # With the database task backend and no worker, the emails the extras trigger stay
    # queued, as on a live site between two runs of the worker.
    TASKS_BACKEND=database "$PYTHON" manage.py shell -c \
        "import runpy; runpy.run_path('$HERE/release_extras.py')"
)

# pg_dump 15.14 and later brackets the dump in \restrict ... \unrestrict (a guard for
# dumps from untrusted servers), which older psql clients reject. This dump is made here
# and reviewed in git, so the two lines are dropped and any psql 15 or later loads it.
pg_dump --no-owner --no-privileges "$DB" | grep -v -E '^\\(un)?restrict ' | gzip -9 -n >"$OUT"
echo "Wrote $OUT ($(du -k "$OUT" | cut -f1) KB)"
