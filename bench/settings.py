"""Settings for the HTTP benchmark: the project's own, plus a bare JSON view to compare with.

Everything else (middleware, database, DEBUG, limits) comes from the environment exactly as
for the real site; bench/http_assessments.py sets those variables.
"""

from spinewise.config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.bare_urls"
