"""Measured prototypes of the changes bench/README.md recommends, served only by the
benchmark: ``python -m bench.run --settings bench.experiments.settings``. The application
does not import anything from here."""
