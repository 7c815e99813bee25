"""Code generation for xero-sdk: spec normaliser, generator driver, templates, API diff."""
