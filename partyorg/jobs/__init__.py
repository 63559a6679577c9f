"""Work that runs beside the pages, in the background: queued through the Django Tasks API
(django-tasks and its database backend), run by ``partyorg worker``, kept with its progress and
the liveness of its process in :class:`~partyorg.jobs.models.Job` (:mod:`partyorg.jobs.runner`).
The kinds of work: the import of an uploaded interchange file (:mod:`partyorg.jobs.imports`) and
the rebuild of the derived rows (:mod:`partyorg.jobs.rebuild`). The uploaded files' rows belong to
whoever keeps them (the web's ``ImportJob``); nothing here knows the pages."""
