"""``python -m benchmarks``: score every system on the committed corpus."""

from .evaluate import main

raise SystemExit(main())
