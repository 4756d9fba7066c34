"""A database made by the last release (477da08) migrates forward with nothing lost.

Models moved between apps: organisations and memberships to ``organisations``, pledges
and their joins and updates to ``pledges``, the audit trail (and the record of emails
sent) to ``core``. Each keeps its table, so its rows stay where they are. What has to
follow a model is everything that names it by app label: its content type, renamed in
place so that its id, and with it every permission, group grant, Wagtail revision, log
entry and workflow state pointing at it, still means the same model; audit events, which
name their target as ``app.model``; and tasks queued under the old module paths.

Fresh test databases are made by the new migrations alone and never see any of this, so
this test starts from a dump of a release database (``release_477da08.sql.gz``, made by
``make_release_dump.sh`` from the demo plus ``release_extras.py``; see README.md). It
loads the dump into a scratch database, records what is in it, runs this tree's
``manage.py migrate`` on it in a subprocess, and compares. The test's own database is not
used: everything is read from the scratch database over psycopg.
"""

import gzip
import os
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.db import connections
from django.utils.module_loading import import_string
from psycopg import sql

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent.parent
DUMP = HERE / "release_477da08.sql.gz"

#: (app label, model) in the release → where the model lives now.
MOVED = {
    ("goals", "organisation"): ("organisations", "organisation"),
    ("goals", "membership"): ("organisations", "membership"),
    ("goals", "pledge"): ("pledges", "pledge"),
    ("goals", "pledgejoin"): ("pledges", "pledgejoin"),
    ("goals", "pledgeupdate"): ("pledges", "pledgeupdate"),
    ("accounts", "auditevent"): ("core", "auditevent"),
    ("consultations", "notificationsent"): ("core", "notificationsent"),
}

#: Tables a migration may add rows to: its own record, and the content types and
#: permissions Django creates after migrating. Every other table keeps its row count.
MAY_GROW = {"django_migrations", "django_content_type", "auth_permission"}

pytestmark = [
    pytest.mark.skipif(
        connections["default"].vendor != "postgresql",
        reason="the release dump is PostgreSQL SQL: set DATABASE_URL to a PostgreSQL database",
    ),
    pytest.mark.skipif(
        shutil.which("psql") is None, reason="loading the release dump needs psql on PATH"
    ),
]


# The database server ------------------------------------------------------------------


@dataclass(frozen=True)
class Server:
    """The PostgreSQL server the test database is on, where scratch databases are made."""

    host: str
    port: str
    user: str
    password: str

    @classmethod
    def of_default_database(cls):
        db = settings.DATABASES["default"]
        return cls(
            host=db.get("HOST") or "",
            port=str(db.get("PORT") or ""),
            user=db.get("USER") or "",
            password=db.get("PASSWORD") or "",
        )

    def connect(self, dbname, **kwargs):
        params = {"host": self.host, "port": self.port, "user": self.user}
        params = {key: value for key, value in params.items() if value}
        if self.password:
            params["password"] = self.password
        return psycopg.connect(dbname=dbname, **params, **kwargs)

    def url(self, dbname):
        """A ``DATABASE_URL`` for ``dbname``, as config/settings.py reads it."""
        credentials = quote(self.user, safe="")
        if self.password:
            credentials += ":" + quote(self.password, safe="")
        port = f":{self.port}" if self.port else ""
        return f"postgres://{credentials}@{quote(self.host, safe='')}{port}/{dbname}"

    def psql_env(self):
        env = dict(os.environ)
        for var, value in {
            "PGHOST": self.host,
            "PGPORT": self.port,
            "PGUSER": self.user,
            "PGPASSWORD": self.password,
        }.items():
            if value:
                env[var] = value
        return env

    def create(self, dbname):
        with self.connect("postgres", autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))

    def drop(self, dbname):
        with self.connect("postgres", autocommit=True) as conn:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                [dbname],
            )
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(dbname)))

    def load(self, dbname, dump: Path):
        """Load a gzipped plain-SQL dump, all or nothing."""
        result = subprocess.run(
            ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-d", dbname],
            input=gzip.decompress(dump.read_bytes()),
            env=self.psql_env(),
            capture_output=True,
            check=False,
        )
        assert result.returncode == 0, f"loading {dump.name} failed:\n{result.stderr.decode()}"


# What the database holds ----------------------------------------------------------------


@dataclass
class Snapshot:
    row_counts: dict[str, int]  # table → rows
    content_types: dict[int, tuple[str, str]]  # id → (app_label, model)
    permissions: dict[int, tuple[int, str]]  # id → (content_type_id, codename)
    group_permissions: set[tuple[int, int]]  # (group_id, permission_id)
    user_permissions: set[tuple[int, int]]  # (user_id, permission_id)
    revisions: dict[int, tuple[int, int, str]]  # id → (content type, base content type, object)
    workflow_states: dict[int, str]  # id → status
    task_states: dict[int, str]  # id → status
    # Every foreign key to django_content_type: (table, column) → {primary key: value}.
    content_type_references: dict[tuple[str, str], dict[object, int]]
    audit_target_types: set[str]  # the distinct "app.model" audit events name
    queued_tasks: list[tuple[str, list]]  # (task path, args) of tasks not yet run

    def content_type_id(self, app_label, model):
        ids = [pk for pk, label in self.content_types.items() if label == (app_label, model)]
        return ids[0] if ids else None

    def model_labels(self):
        return {f"{app_label}.{model}" for app_label, model in self.content_types.values()}


def _rows(conn, query, params=()):
    return conn.execute(query, params).fetchall()


def _count(conn, table):
    return conn.execute(
        sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
    ).fetchone()[0]


def _content_type_references(conn):
    columns = _rows(
        conn,
        """
        SELECT c.conrelid::regclass::text, a.attname, pk.attname
        FROM pg_constraint c
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
        JOIN pg_index i ON i.indrelid = c.conrelid AND i.indisprimary
        JOIN pg_attribute pk ON pk.attrelid = c.conrelid AND pk.attnum = ANY (i.indkey)
        WHERE c.contype = 'f' AND c.confrelid = 'django_content_type'::regclass
        """,
    )
    references = {}
    for table, column, primary_key in columns:
        query = sql.SQL("SELECT {}, {} FROM {}").format(
            sql.Identifier(primary_key), sql.Identifier(column), sql.Identifier(table)
        )
        references[(table, column)] = dict(_rows(conn, query))
    return references


def take_snapshot(server, dbname) -> Snapshot:
    with server.connect(dbname) as conn:
        tables = [
            t for (t,) in _rows(conn, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        ]
        return Snapshot(
            row_counts={table: _count(conn, table) for table in tables},
            content_types={
                pk: (app_label, model)
                for pk, app_label, model in _rows(
                    conn, "SELECT id, app_label, model FROM django_content_type"
                )
            },
            permissions={
                pk: (ct, codename)
                for pk, ct, codename in _rows(
                    conn, "SELECT id, content_type_id, codename FROM auth_permission"
                )
            },
            group_permissions=set(
                _rows(conn, "SELECT group_id, permission_id FROM auth_group_permissions")
            ),
            user_permissions=set(
                _rows(conn, "SELECT user_id, permission_id FROM accounts_user_user_permissions")
            ),
            revisions={
                pk: (ct, base_ct, object_id)
                for pk, ct, base_ct, object_id in _rows(
                    conn,
                    "SELECT id, content_type_id, base_content_type_id, object_id"
                    " FROM wagtailcore_revision",
                )
            },
            workflow_states=dict(_rows(conn, "SELECT id, status FROM wagtailcore_workflowstate")),
            task_states=dict(_rows(conn, "SELECT id, status FROM wagtailcore_taskstate")),
            content_type_references=_content_type_references(conn),
            audit_target_types={
                t
                for (t,) in _rows(
                    conn,
                    "SELECT DISTINCT target_type FROM accounts_auditevent WHERE target_type <> ''",
                )
            },
            queued_tasks=[
                (path, args_kwargs["args"])
                for path, args_kwargs in _rows(
                    conn,
                    "SELECT task_path, args_kwargs FROM django_tasks_database_dbtaskresult"
                    " WHERE status = 'READY'",
                )
            ],
        )


# The scratch database, before and after ----------------------------------------------


@pytest.fixture(scope="module")
def release_db():
    """A scratch database loaded with the release dump: ``(server, name, snapshot)``."""
    server = Server.of_default_database()
    name = f"{settings.DATABASES['default']['NAME'][:40]}_forward_{uuid.uuid4().hex[:8]}"
    server.create(name)
    try:
        server.load(name, DUMP)
        yield server, name, take_snapshot(server, name)
    finally:
        server.drop(name)


@pytest.fixture(scope="module")
def migrated(release_db):
    """The release database migrated by this tree: ``(before, after)`` snapshots."""
    server, name, before = release_db
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input"],
        cwd=REPO_ROOT,
        env={**os.environ, "DATABASE_URL": server.url(name)},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, f"migrate failed:\n{result.stdout}\n{result.stderr}"
    return before, take_snapshot(server, name)


def _changed(before: dict, after: dict) -> dict:
    """Keys of ``before`` whose value is not the same in ``after``: ``{key: (old, new)}``."""
    return {key: (old, after.get(key)) for key, old in before.items() if after.get(key) != old}


def _importable(path):
    try:
        import_string(path)
    except ImportError:
        return False
    return True


# The tests --------------------------------------------------------------------------


def test_the_dump_holds_what_a_move_could_lose(release_db):
    """Otherwise every comparison below would pass on an empty database."""
    _server, _name, before = release_db
    organisation = before.content_type_id("goals", "organisation")
    assert organisation is not None
    assert any(ct == organisation for ct, _base, _obj in before.revisions.values())
    organisation_permissions = {
        pk for pk, (ct, _codename) in before.permissions.items() if ct == organisation
    }
    assert any(perm in organisation_permissions for _group, perm in before.group_permissions)
    assert before.user_permissions
    assert before.workflow_states
    assert before.task_states
    for table in (
        "goals_organisation",
        "goals_membership",
        "goals_pledge",
        "goals_pledgejoin",
        "goals_pledgeupdate",
        "accounts_auditevent",
    ):
        assert before.row_counts[table] > 0, table
    assert before.audit_target_types & {"goals.organisation", "goals.pledge"}
    assert before.queued_tasks


def test_every_table_keeps_its_rows(migrated):
    before, after = migrated
    changed = {}
    for table, count in before.row_counts.items():
        now = after.row_counts.get(table)
        kept = now is not None and (now >= count if table in MAY_GROW else now == count)
        if not kept:
            changed[table] = (count, now)
    assert changed == {}, "tables whose row count changed: (before, after)"


def test_moved_models_keep_their_content_types_under_the_new_labels(migrated):
    before, after = migrated
    for (old_app, old_model), (new_app, new_model) in MOVED.items():
        old_id = before.content_type_id(old_app, old_model)
        assert old_id is not None, f"the dump has no content type {old_app}.{old_model}"
        assert after.content_types[old_id] == (new_app, new_model), f"{old_app}.{old_model}"
        assert after.content_type_id(old_app, old_model) is None, f"{old_app}.{old_model} is back"
    renamed = {before.content_type_id(*old) for old in MOVED}
    others = {pk: label for pk, label in before.content_types.items() if pk not in renamed}
    assert _changed(others, after.content_types) == {}, "other content types changed"


def test_permissions_keep_their_ids_and_their_holders(migrated):
    before, after = migrated
    assert _changed(before.permissions, after.permissions) == {}
    assert before.group_permissions - after.group_permissions == set(), "group grants lost"
    assert before.user_permissions - after.user_permissions == set(), "personal grants lost"


def test_revisions_keep_their_content_types(migrated):
    before, after = migrated
    assert _changed(before.revisions, after.revisions) == {}


def test_workflow_and_task_states_are_unchanged(migrated):
    before, after = migrated
    assert _changed(before.workflow_states, after.workflow_states) == {}
    assert _changed(before.task_states, after.task_states) == {}


def test_everything_pointing_at_a_content_type_still_does(migrated):
    """Pages, tasks, log entries, the search and reference indexes…: every foreign key to
    a content type keeps its value, row by row."""
    before, after = migrated
    changed = {
        column: _changed(values, after.content_type_references.get(column, {}))
        for column, values in before.content_type_references.items()
    }
    assert {column: rows for column, rows in changed.items() if rows} == {}


def test_the_audit_trail_still_names_models_that_exist(migrated):
    """Audit events name their target as "app.model" (``AuditEvent.target`` looks it up)."""
    before, after = migrated
    assert before.audit_target_types <= before.model_labels()
    assert after.audit_target_types - after.model_labels() == set()


def test_queued_tasks_still_name_tasks_and_models_that_exist(migrated):
    """A task queued before the upgrade runs after it: its path imports in this tree, and
    the models Wagtail's indexing tasks name as (app label, model name) args exist."""
    before, after = migrated
    assert len(after.queued_tasks) == len(before.queued_tasks)

    def names_a_model(args, snapshot):
        return tuple(args[:2]) in set(snapshot.content_types.values())

    assert any(names_a_model(args, before) for _path, args in before.queued_tasks)
    lost_paths = {path for path, _args in after.queued_tasks if not _importable(path)}
    assert lost_paths == set(), "queued tasks whose path no longer imports"
    lost_models = {
        (path, *args[:2])
        for path, args in after.queued_tasks
        if names_a_model(args, before) and not names_a_model(args, after)
    }
    assert lost_models == set(), "queued tasks that name a model by its old app label"
