"""`python -m crawler.cli` runs the `wirewash` command."""

import sys

from crawler.cli import main

sys.exit(main())
