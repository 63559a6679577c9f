"""The rebuild of every derived row (organization versions, membership intervals, the stock
tables) from the logs, as a background job: ``partyorg rebuild --in-background`` queues it for
``partyorg worker``. The rebuild is one transaction (:func:`partyorg.members.services.rebuild_all`),
so a worker that dies in the middle leaves the derived rows as they were; it is run again once."""

from __future__ import annotations

from partyorg.jobs import runner
from partyorg.jobs.models import Job

__all__ = ["REBUILD", "start"]


class RebuildHandler:
    def run(self, job: Job) -> None:
        from partyorg.members.services import rebuild_all

        runner.note("rebuilding", 0, 0)
        versions, intervals = rebuild_all()
        Job.objects.filter(pk=job.pk).update(
            options={**job.options, "versions": versions, "intervals": intervals}
        )

    def stopped(self, job: Job, reason: str) -> None:
        """Nothing else keeps a rebuild: its job's row says why it stopped."""


REBUILD = RebuildHandler()


def start() -> Job:
    """Queue a rebuild for ``partyorg worker``."""
    return runner.enqueue(f"{__name__}.REBUILD", kind="rebuild")
