"""Tests of specs/ (lock, fetch) and codegen/api_diff/."""
