"""Exit codes by kind of failure, and the message printed on stderr.

Scripts branch on the exit code; people read stderr, which carries Xero's own message, every
validation message and the correlation id to quote to Xero support. No message contains a
token (the SDK's exceptions never hold one).
"""

from __future__ import annotations

import sys
from typing import NoReturn

import click

#: (exit code, meaning), in the order ``xero --help`` lists them.
EXIT_CODES: tuple[tuple[int, str], ...] = (
    (0, "success"),
    (1, "other error (bad input file, local problem, invalid webhook signature)"),
    (2, "usage error (unknown command or option, bad value)"),
    (3, "not logged in, or the login is no longer valid (run `xero login`)"),
    (4, "permission denied (a scope is missing, the tenant is not connected)"),
    (5, "not found"),
    (6, "validation error (Xero's messages on stderr)"),
    (7, "rate limited (retry after the time on stderr)"),
    (8, "Xero server error"),
    (9, "connection failure or timeout"),
    (10, "conflict"),
    (130, "interrupted"),
)

OTHER, USAGE, AUTH, PERMISSION, NOT_FOUND, VALIDATION, RATE_LIMIT, SERVER, CONNECTION, CONFLICT = range(1, 11)
INTERRUPTED = 130


class CLIError(Exception):
    """A failure the command explains itself, with its exit code (printed by the root group)."""

    def __init__(self, message: str, exit_code: int = OTHER) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


def exit_code_for(exc: BaseException) -> int:
    from xero_sdk import errors

    table: tuple[tuple[type[BaseException], int], ...] = (
        (errors.BadRequestError, VALIDATION),
        (errors.AuthenticationError, AUTH),
        (errors.PermissionDeniedError, PERMISSION),
        (errors.NotFoundError, NOT_FOUND),
        (errors.ConflictError, CONFLICT),
        (errors.RateLimitError, RATE_LIMIT),
        (errors.ServerError, SERVER),
        (errors.APIConnectionError, CONNECTION),
        (errors.MissingTenantError, USAGE),
        (errors.ScopeError, USAGE),
        (errors.NoTokenError, AUTH),
        (errors.InvalidGrantError, AUTH),
        (errors.OAuthError, AUTH),
    )
    for cls, code in table:
        if isinstance(exc, cls):
            return code
    return OTHER


def describe(exc: BaseException) -> str:
    """The lines printed for ``exc``: what failed, Xero's messages, how to go on."""
    from xero_sdk import errors

    lines = [str(exc) or type(exc).__name__]
    if isinstance(exc, errors.APIError):
        lines = [f"{exc.method or ''} {exc.url or ''}: HTTP {exc.status} {type(exc).__name__}".strip()]
        if exc.xero_message:
            lines.append(f"  {exc.xero_message}")
        lines += [f"  - {m}" for m in exc.messages if m != exc.xero_message]
        if isinstance(exc, errors.RateLimitError):
            lines.append(f"  limit: {exc.problem or 'unknown'}; retry after {exc.retry_after or '?'} s")
        if exc.correlation_id:
            lines.append(f"  correlation id: {exc.correlation_id}")
    if isinstance(exc, (errors.InvalidGrantError, errors.NoTokenError, errors.AuthenticationError)):
        lines.append("  run `xero login` to sign in again")
    return "\n".join(lines)


def fail(exc: BaseException) -> NoReturn:
    """Print ``exc`` on stderr and exit with its code."""
    click.echo(f"error: {describe(exc)}", err=True)
    sys.exit(exit_code_for(exc))
