import sys

from tests.codegen.golden import main

sys.exit(main())
