"""The portal's benchmark runner: `python -m bench.runner` (see __main__.py)."""
