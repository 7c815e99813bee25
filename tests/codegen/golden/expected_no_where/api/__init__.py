"""One I/O-free request builder per operation."""
