"""What the migrations that move a model from one app to another share.

A moved model keeps its table (``Meta.db_table``), so its rows stay where they are; what
must follow it is every record that names it by app label: its content type (and with
it every permission, Wagtail revision, log entry, workflow state and reference that
points at the content type), audit events that name their target by label, and
background tasks already queued under the module path of the old app.

Kept here, not copied into each migration, because the rules are the same for every
move; this module imports nothing of the project, so old migrations keep working.
"""

import json

AUDIT_TABLE = "accounts_auditevent"  # the audit trail's table (core.AuditEvent)
TASKS_TABLE = "django_tasks_database_dbtaskresult"


def move_content_types(apps, moved: dict) -> None:
    """Relabel the content type of each ``(app, model)`` in ``moved`` in place.

    Relabelling (not creating a new row) keeps the content type's id, so permissions,
    group grants, revisions and workflow states still point at it. If Django already
    made a row for the new label (``post_migrate`` after a partial run), that empty
    duplicate is removed first.
    """
    content_type = apps.get_model("contenttypes", "ContentType")
    for (old_app, old_model), (new_app, new_model) in moved.items():
        old = content_type.objects.filter(app_label=old_app, model=old_model).first()
        if old is None:
            continue  # a fresh database: Django makes the new label after migrating
        content_type.objects.filter(app_label=new_app, model=new_model).delete()
        old.app_label, old.model = new_app, new_model
        old.save(update_fields=["app_label", "model"])


def relabel_audit_targets(schema_editor, moved: dict) -> None:
    """Audit events name their target as ``app.model``: follow the move."""
    with schema_editor.connection.cursor() as cursor:
        for (old_app, old_model), (new_app, new_model) in moved.items():
            cursor.execute(
                f"UPDATE {AUDIT_TABLE} SET target_type = %s WHERE target_type = %s",  # noqa: S608
                [f"{new_app}.{new_model}", f"{old_app}.{old_model}"],
            )


def _tasks_table_exists(schema_editor) -> bool:
    return TASKS_TABLE in schema_editor.connection.introspection.table_names()


def relabel_queued_task_models(schema_editor, moved: dict) -> None:
    """Tasks queued before the move that name a moved model by ``(app, model, …)``
    arguments (Wagtail's search and reference index updates do) name it by its new app."""
    if not _tasks_table_exists(schema_editor):
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT id, args_kwargs FROM {TASKS_TABLE} WHERE status = 'READY'")  # noqa: S608
        rows = cursor.fetchall()
        for task_id, raw in rows:
            args_kwargs = json.loads(raw) if isinstance(raw, str) else raw
            args = args_kwargs.get("args") or []
            new_label = moved.get(tuple(args[:2])) if len(args) >= 2 else None
            if new_label is None:
                continue
            args_kwargs["args"] = [*new_label, *args[2:]]
            cursor.execute(
                f"UPDATE {TASKS_TABLE} SET args_kwargs = %s WHERE id = %s",  # noqa: S608
                [json.dumps(args_kwargs), task_id],
            )


def repoint_queued_tasks(schema_editor, paths: dict) -> None:
    """Tasks queued before the move name the task's old module path: point them at the
    new one, so the worker still finds them."""
    if not _tasks_table_exists(schema_editor):
        return
    with schema_editor.connection.cursor() as cursor:
        for old_path, new_path in paths.items():
            cursor.execute(
                f"UPDATE {TASKS_TABLE} SET task_path = %s WHERE task_path = %s",  # noqa: S608
                [new_path, old_path],
            )
