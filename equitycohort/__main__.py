import sys

from equitycohort.cli import main

sys.exit(main())
