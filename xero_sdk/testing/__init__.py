"""A local Xero for tests."""
