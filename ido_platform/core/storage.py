"""Static files storage for production that never turns a missing manifest into a 500.

whitenoise's ``CompressedManifestStaticFilesStorage`` raises ValueError for every
``{% static %}`` whose file is not in the manifest, so a ``collectstatic`` run with the wrong
settings (the dev profile writes no manifest) or not run at all makes every page a 500.
This subclass logs an error once per file and links the unhashed name instead: whitenoise
serves the plain copy that collectstatic made, and the page still renders.
"""

import logging

from whitenoise.storage import CompressedManifestStaticFilesStorage

logger = logging.getLogger(__name__)


class ForgivingManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    _reported = set()

    def stored_name(self, name):
        try:
            return super().stored_name(name)
        except ValueError as error:
            if name not in self._reported:
                self._reported.add(name)
                logger.error(
                    "Static file %s is not in the manifest (%s). Run the release step "
                    "(collectstatic) with the production settings.",
                    name,
                    error,
                )
            return name
