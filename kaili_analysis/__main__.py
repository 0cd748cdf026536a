"""``python -m kaili_analysis`` runs the ``kaili`` command."""

import sys

from .cli import main

sys.exit(main())
