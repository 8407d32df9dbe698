"""``python -m ocrfix``: the same command line as the ``ocrfix`` script."""

from .cli import main

raise SystemExit(main())
