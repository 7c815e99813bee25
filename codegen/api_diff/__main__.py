"""``python -m codegen.api_diff``: see :mod:`codegen.api_diff.cli`."""

import sys

from codegen.api_diff.cli import main

sys.exit(main())
