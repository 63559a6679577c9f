"""``partyorg worker``: the process that runs partyorg's background jobs (imports, rebuilds) beside
``partyorg serve`` (docs/deployment.md).

It is django-tasks-db's ``db_worker`` (every option of it stands: ``--interval``, ``--batch``,
``--max-tasks``…), with partyorg's start: it refuses in Vietnamese while migrations are pending,
removes the copies of the database that checks killed mid-way left (SQLite), says it is alive
(:func:`partyorg.jobs.runner.worker_beat`, every ``WORKER_BEAT_SECONDS``, for the health
endpoint, and that it stopped when it stops as asked), then finds the
jobs whose process died (:func:`partyorg.jobs.runner.recover`: queued again once,
or failed with their reason) before it takes any task, and looks again every
:data:`~partyorg.jobs.runner.RECOVER_SECONDS` while it runs (a worker on another machine that
stopped beating). It never reloads itself on a code change: that would stop a job mid-way.

On SQLite run one worker: two loads would wait on each other's write lock. On PostgreSQL several
may run, each taking its own tasks.
"""

from __future__ import annotations

import logging
import threading
from argparse import ArgumentParser
from datetime import datetime
from typing import Any, cast

from django.core.management.base import CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks_db.management.commands.db_worker import Command as DbWorker

from partyorg.jobs import runner
from partyorg.jobs.imports import remove_trial_copies

logger = logging.getLogger("partyorg.jobs")


class Command(DbWorker):
    help = cast(
        str, gettext_lazy("Tiến trình nền: chạy các việc nạp tệp và dựng lại (bên cạnh partyorg serve)")
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        self.help = str(self.help)  # in the language active now (argparse wants a str)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(reload=False, worker_id=runner.this_process()[-64:], startup_delay=False)

    def handle(self, *args: Any, **options: Any) -> None:
        options["reload"] = False
        self._check_database()
        for copy in remove_trial_copies():
            self.stdout.write(_("Đã xóa bản sao chạy thử còn sót: %(path)s") % {"path": copy})
        for job in runner.recover():
            self.stdout.write(
                _("Việc %(id)s (%(kind)s) bị ngắt giữa chừng: %(status)s")
                % {"id": job.pk, "kind": job.kind, "status": job.get_status_display()}
            )
        self.stdout.write(_("partyorg worker đang chạy (tiến trình %(me)s)") % {"me": runner.this_process()})
        started = timezone.now()
        runner.worker_beat(started)
        if not options.get("batch"):
            threading.Thread(target=_recover_every, name="recover", daemon=True).start()
            threading.Thread(target=_beat_every, args=(started,), name="beat", daemon=True).start()
        try:
            super().handle(*args, **options)
        finally:
            try:
                runner.worker_beat(started, stopped=True)
            except DatabaseError as error:
                logger.warning("worker's last beat not written: %s", error)

    def _check_database(self) -> None:
        try:
            connection.ensure_connection()
            executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
            pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        except DatabaseError as error:
            raise CommandError(_("Không kết nối được cơ sở dữ liệu: %(error)s") % {"error": error}) from error
        if pending:
            raise CommandError(
                _("Cơ sở dữ liệu chưa được nâng cấp (%(n)s bước): chạy partyorg migrate trước.")
                % {"n": len(pending)}
            )


def _beat_every(started: datetime) -> None:
    """Say this worker is alive every WORKER_BEAT_SECONDS, on a connection of its own (the health
    endpoint reads it). On SQLite a beat that waits past the busy timeout for a load's write lock
    is dropped: the job's own liveness says the worker lives meanwhile."""
    stop = threading.Event()
    while not stop.wait(runner.WORKER_BEAT_SECONDS):
        try:
            runner.worker_beat(started)
        except DatabaseError as error:
            logger.warning("worker's beat not written: %s", error)
        finally:
            connection.close()


def _recover_every() -> None:
    """Find the jobs whose process died, every RECOVER_SECONDS, on a connection of its own."""
    stop = threading.Event()
    while not stop.wait(runner.RECOVER_SECONDS):
        try:
            runner.recover()
        except DatabaseError as error:  # SQLite's write lock held past its timeout: next time
            logger.warning("recovering jobs: %s", error)
        finally:
            connection.close()
