"""Implementation of :mod:`xero_sdk.webhooks` (import from there, not from here)."""
