"""``python -m skreg`` runs the ``skreg`` command."""

from skreg.cli import main

raise SystemExit(main())
