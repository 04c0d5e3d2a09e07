"""``python -m roadmap.cli``: the same as the ``roadmap`` command."""

import sys

from roadmap.cli.main import main

sys.exit(main())
