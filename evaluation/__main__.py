"""``python -m evaluation``: play every persona against Koers and print the figures."""

from evaluation.drive import main

raise SystemExit(main())
