"""Prism, the contract mock: the documents it serves (:mod:`.documents`) and its launcher (:mod:`.prism`).

``python -m tests.mockserver.prism --api accounting --api files`` starts mock servers for a
quick look or ``make demo``; the contract suite (``tests/contract``) uses the same launcher.
"""
