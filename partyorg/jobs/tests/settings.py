"""partyorg's settings for the processes the job tests start: uploads under PARTYORG_TEST_MEDIA."""

import os

from partyorg.settings import *  # noqa: F403

MEDIA_ROOT = os.environ["PARTYORG_TEST_MEDIA"]
