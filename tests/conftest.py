"""Shared pytest setup: the local identity server fixtures (started once per run, on demand),
and hypothesis without its per-example deadline: speed is measured by ``make bench``, never by
a timed assertion, and a loaded CI machine must not fail a property that holds."""

from hypothesis import settings

pytest_plugins = ["tests.identity_server.fixtures"]

settings.register_profile("xero-sdk", deadline=None)
settings.load_profile("xero-sdk")
