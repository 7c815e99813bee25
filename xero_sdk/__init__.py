"""xero-sdk: a typed Python SDK for Xero's APIs."""
