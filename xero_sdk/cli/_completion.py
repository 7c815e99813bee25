"""``xero completion SHELL``: the completion script, from Click's own completion support.

    xero completion bash > ~/.local/share/bash-completion/completions/xero
    xero completion zsh  > "${fpath[1]}/_xero"
    xero completion fish > ~/.config/fish/completions/xero.fish

The script asks ``xero`` itself for candidates (``_XERO_COMPLETE``), so every API, operation
and option completes, built from the same tables as the commands.
"""

from __future__ import annotations

import click


@click.command()
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion(shell: str) -> None:
    """Print the completion script for SHELL (bash, zsh or fish); see `xero completion --help`."""
    from click.shell_completion import get_completion_class

    from ._main import cli

    cls = get_completion_class(shell)
    if cls is None:  # pragma: no cover - click ships all three
        raise click.UsageError(f"no completion for {shell}")
    click.echo(cls(cli, {}, "xero", "_XERO_COMPLETE").source())
