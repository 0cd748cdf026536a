"""``python -m kaili_analysis`` runs the ``kaili`` command."""

import sys

from kaili_analysis.cli import main

sys.exit(main())
