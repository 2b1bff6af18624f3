"""Allows ``python -m bot`` as well as the ``goodhart`` console script."""

import sys

from bot.cli import main

sys.exit(main())
