"""Benchmarks of xero-sdk against xero-python, pyxero and the floor: ``python -m benchmarks``.

See :mod:`benchmarks.run` for the command line, :mod:`benchmarks.payload` for the inputs.
"""
