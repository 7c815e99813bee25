"""``python -m codegen.normalise IN.yaml OUT.json``: normalise one document and print the counts."""

import sys
from pathlib import Path

from . import normalise_file

for name, n in normalise_file(Path(sys.argv[1]), Path(sys.argv[2])).items():
    print(f"{n:6d}  {name}")
