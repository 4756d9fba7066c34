"""Drop, create and migrate the benchmark database."""

import time

import psycopg
from psycopg import sql

from bench.config import database_name, libpq_url, maintenance_url
from bench.progress import log


def recreate(database_url: str) -> None:
    from django.db import connections

    connections.close_all()  # ours would be cut by DROP … WITH (FORCE)
    name = database_name(database_url)
    if not name or name in {"postgres", "template0", "template1"}:
        raise SystemExit(f"Refusing to drop the database {name!r}.")
    with psycopg.connect(libpq_url(maintenance_url(database_url)), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    log(f"created database {name}")


def migrate() -> None:
    from django.core.management import call_command

    started = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    log(f"migrated in {time.monotonic() - started:.1f}s")
