"""``python -m benchmarks``: see :mod:`benchmarks.run`."""

import sys

from benchmarks.run import main

if __name__ == "__main__":  # spawned worker processes import this module too: they must not run it
    sys.exit(main())
