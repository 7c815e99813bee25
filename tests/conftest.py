"""Shared pytest setup: the local identity server fixtures (started once per run, on demand)."""

pytest_plugins = ["tests.identity_server.fixtures"]
