"""Which of Xero's OpenAPI documents the project uses, and how they are put in place.

- ``specs/lock.json``: the pinned documents (API key, file, release tag, sha256, upstream URL).
- ``specs/fetch.py``: copies or downloads the locked documents into the git-ignored working
  folder ``.specs/<release>/`` and verifies every sha256 (``python specs/fetch.py``).

The documents themselves are Xero's and are never committed.  Import the functions from
``specs.fetch`` (``from specs.fetch import ensure_specs, load_lock``).
"""
