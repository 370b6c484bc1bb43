"""The bundle's entry point: the same `equitycohort` command as a development install."""

import sys

from equitycohort.cli import main

sys.exit(main())
