"""Work that runs beside the pages, in the background: today the import of an uploaded interchange
file (:mod:`partyorg.jobs.imports`). The jobs' rows belong to whoever keeps them (the web's
``ImportJob``); the runners here know nothing of the pages."""
