"""`python -m bot`: the same program as the `sitrep` command."""

import sys

from bot.cli import main

sys.exit(main())
