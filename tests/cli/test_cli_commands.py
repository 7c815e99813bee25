"""The command surface: one command per SDK operation, help from the documents, completion,
startup cost, webhooks, ``xero local``, the keychain store."""

from __future__ import annotations

import base64
import hashlib
import hmac
import importlib
import importlib.util
import inspect
import json
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from tests.cli.conftest import ROOT, Xero
from xero_sdk._apis import KEYS
from xero_sdk.cli import cli
from xero_sdk.cli._operations import api_keys, build_command, table


def sdk_operations() -> dict[str, set[str]]:
    """API -> the operation methods of its sync facade class (``iter_*`` twins excluded)."""
    out = {}
    for api in api_keys():
        module = importlib.import_module(f"xero_sdk._generated.{api}.facade")
        (cls,) = [
            c
            for n, c in vars(module).items()
            if inspect.isclass(c) and n.endswith("Api") and not n.startswith("Async")
        ]
        out[api] = {  # the methods are defined in the class's bases (one per resource group)
            n for n, f in inspect.getmembers(cls, inspect.isfunction) if not n.startswith(("_", "iter_"))
        }
    return out


def test_one_command_per_sdk_operation() -> None:
    sdk = sdk_operations()
    assert list(sdk) == list(KEYS)  # every API of the registry has its commands
    commands = 0
    for api, methods in sdk.items():
        entries = table(api)
        assert {e["method"] for e in entries.values()} == methods, api
        assert set(entries) == {m.replace("_", "-") for m in methods}
        commands += len(entries)
        for name, entry in entries.items():
            build_command(api, name, entry)  # every command builds: no option collides with another
    assert commands == sum(len(m) for m in sdk.values())
    print(f"{commands} operation commands")


def test_help_of_every_command_shows_the_documents_text() -> None:
    runner = CliRunner()
    for api in api_keys():
        group = api.replace("_", "-")
        listing = runner.invoke(cli, [group, "--help"])
        assert listing.exit_code == 0
        for name, entry in table(api).items():
            result = runner.invoke(cli, [group, name, "--help"], terminal_width=10_000)
            assert result.exit_code == 0, (api, name, result.output)
            text = " ".join(result.output.split())
            assert " ".join(entry["summary"].split()) in text, (api, name)
            if entry["description"]:
                assert " ".join(entry["description"].split())[:60] in text, (api, name)
            assert f"Xero operation {entry['operation_id']}" in text
            for option in entry["options"]:
                assert "--" + option[0].replace("_", "-") in text, (api, name, option[0])


def test_help_shows_types_and_the_document_help() -> None:
    result = CliRunner().invoke(cli, ["accounting", "get-invoices", "--help"], terminal_width=200)
    text = " ".join(result.output.split())
    assert "--if-modified-since DATE[THH:MM:SS]" in text
    assert "--ids UUID[,...]" in text and "--page INTEGER" in text
    assert "--include-archived / --no-include-archived" in text
    assert "Retrieves sales invoices or purchase bills" in text
    assert "--all follow every page" in text


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_generate_and_complete_operations(shell: str, tmp_path: Path) -> None:
    env = {"PYTHONPATH": str(ROOT), "PATH": str(Path(sys.executable).parent)}
    script = subprocess.run(
        [sys.executable, "-m", "xero_sdk.cli", "completion", shell], capture_output=True, env=env, check=True
    ).stdout.decode()
    assert "_XERO_COMPLETE" in script
    if shell == "bash":
        path = tmp_path / "xero.bash"
        path.write_text(script)
        subprocess.run(["bash", "-n", str(path)], check=True)  # the script parses

    def candidates(line: str) -> bytes:
        """What the installed script gets back from ``xero`` for ``line`` (the cursor at its end);
        fish passes the word being completed, bash and zsh its index."""
        words = line.split()
        cword = words[-1] if shell == "fish" else str(len(words) - 1)
        env_ = {**env, "_XERO_COMPLETE": f"{shell}_complete", "COMP_WORDS": line, "COMP_CWORD": cword}
        return subprocess.run([sys.executable, "-m", "xero_sdk.cli"], capture_output=True, env=env_).stdout

    asked = candidates("xero accounting get-invo")
    assert b"get-invoices" in asked and b"get-invoice-reminders" in asked
    assert b"--if-modified-since" in candidates("xero accounting get-invoices --if-mod")
    assert b"payroll-uk" in candidates("xero payroll")


def test_startup_loads_neither_httpx_nor_the_models() -> None:
    code = (
        "import sys\n"
        "from xero_sdk.cli import cli\n"
        "try:\n    cli.main(['accounting', 'get-invoices', '--help'], prog_name='xero')\n"
        "except SystemExit:\n    pass\n"
        "loaded = [m for m in sys.modules if m == 'httpx' or '.models' in m or m.endswith('.facade')]\n"
        "print('LOADED', loaded)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT, check=True)
    assert done.stdout.decode().splitlines()[-1] == "LOADED []"


def _sign(body: bytes, key: str) -> str:
    return base64.b64encode(hmac.new(key.encode(), body, hashlib.sha256).digest()).decode()


PAYLOAD = {
    "events": [
        {
            "resourceUrl": "https://api.xero.com/api.xro/2.0/Invoices/5b7f6f6e-1111-4222-8333-444455556666",
            "resourceId": "5b7f6f6e-1111-4222-8333-444455556666",
            "eventDateUtc": "2026-01-31T09:30:00.123",
            "eventType": "UPDATE",
            "eventCategory": "INVOICE",
            "tenantId": "0b4e4a31-7c2b-4d1e-9a55-5c1f6e0d2a01",
            "tenantType": "ORGANISATION",
        }
    ],
    "firstEventSequence": 1,
    "lastEventSequence": 1,
    "entropy": "S0M3R4ND0MT3XT",
}


def test_webhooks_verify(tmp_path: Path, config_dir: Path) -> None:
    env = {"PYTHONPATH": str(ROOT), "XERO_CONFIG_DIR": str(config_dir)}
    body = json.dumps(PAYLOAD).encode()
    path = tmp_path / "delivery.json"
    path.write_bytes(body)
    key = "webhook-key-for-tests"
    good = subprocess.run(
        [sys.executable, "-m", "xero_sdk.cli", "webhooks", "verify", str(path), "--key", key, "--signature", _sign(body, key)],
        capture_output=True, env=env,
    )  # fmt: skip
    assert good.returncode == 0, good.stderr.decode()
    event = json.loads(good.stdout)
    assert event["eventCategory"] == "INVOICE" and event["eventDateUtc"].startswith("2026-01-31T09:30:00.123")
    bad = subprocess.run(
        [sys.executable, "-m", "xero_sdk.cli", "webhooks", "verify", str(path), "--key", key, "--signature", _sign(body + b" ", key)],
        capture_output=True, env=env,
    )  # fmt: skip
    assert bad.returncode == 1 and b"does not match" in bad.stderr and key.encode() not in bad.stderr


def test_webhooks_listen_prints_typed_events_and_refuses_bad_signatures(config_dir: Path) -> None:
    key = "listen-key"
    process = subprocess.Popen(
        [sys.executable, "-m", "xero_sdk.cli", "webhooks", "listen", "--key", key, "--port", "0", "--path", "/hook"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
        env={"PYTHONPATH": str(ROOT), "XERO_CONFIG_DIR": str(config_dir), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    try:
        assert process.stderr is not None and process.stdout is not None
        line = process.stderr.readline().decode()
        assert line.startswith("listening on http://127.0.0.1:"), line
        url = line.split()[2]
        body = json.dumps(PAYLOAD).encode()
        intent = json.dumps(
            {"events": [], "firstEventSequence": 0, "lastEventSequence": 0, "entropy": "X"}
        ).encode()
        assert (
            httpx.post(url, content=intent, headers={"x-xero-signature": _sign(intent, key)}).status_code
            == 200
        )
        assert (
            httpx.post(url, content=body, headers={"x-xero-signature": _sign(body, "wrong")}).status_code
            == 401
        )
        assert (
            httpx.post(url, content=body, headers={"x-xero-signature": _sign(body, key)}).status_code == 200
        )
        event = json.loads(process.stdout.readline())
        assert event["resourceId"] == PAYLOAD["events"][0]["resourceId"] and event["eventType"] == "UPDATE"
        assert b"401" in process.stderr.readline()
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_local_starts_the_testing_kit_or_says_it_is_unavailable(config_dir: Path) -> None:
    env = {"PYTHONPATH": str(ROOT), "XERO_CONFIG_DIR": str(config_dir)}
    if importlib.util.find_spec("xero_sdk.testing") is None:
        done = subprocess.run([sys.executable, "-m", "xero_sdk.cli", "local"], capture_output=True, env=env)
        assert done.returncode == 1
        assert b"xero local is unavailable" in done.stderr and b"xero_sdk.testing" in done.stderr
        return
    process = subprocess.Popen(
        [sys.executable, "-m", "xero_sdk.cli", "local"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
    )
    try:
        assert process.stdout is not None
        deadline = time.monotonic() + 60
        seen = b""
        while b"XERO_" not in seen and time.monotonic() < deadline:
            seen += process.stdout.readline()
        assert b"XERO_" in seen  # it prints the variables that point the CLI and the SDK at it
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_keyring_store_keeps_the_token_in_the_keychain_backend(
    config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The keychain itself cannot run here: a keyring backend that keeps passwords in a dict
    stands in for it, set as ``keyring`` would pick it."""
    import keyring
    from keyring.backend import KeyringBackend

    from xero_sdk.auth import Token
    from xero_sdk.cli._tokens import KeyringTokenStore, keyring_usable, token_store

    class DictKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.data: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.data.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.data[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.data.pop((service, username), None)

    monkeypatch.setenv("XERO_CONFIG_DIR", str(config_dir))
    monkeypatch.delenv("XERO_TOKEN_STORE", raising=False)
    previous = keyring.get_keyring()
    backend = DictKeyring()
    keyring.set_keyring(backend)
    try:
        assert keyring_usable()
        store = token_store("work")
        assert isinstance(store, KeyringTokenStore)
        token = Token.from_response({"access_token": "a" * 40, "refresh_token": "r" * 40, "expires_in": 1800})
        with store.lock():
            store.save(token)
        assert store.load() == token
        assert json.loads(backend.data[("xero-sdk", "work")])["refresh_token"] == "r" * 40
        assert "a" * 40 not in repr(store)
        store.clear()
        assert store.load() is None
        assert not list(config_dir.glob("tokens/*"))  # nothing written to disk but the lock
        # a machine without a keychain (keyring's "fail" backend): the 0600 file instead
        from keyring.backends import fail

        from xero_sdk.auth import FileTokenStore

        keyring.set_keyring(fail.Keyring())
        assert not keyring_usable()
        fallback = token_store("work")
        assert isinstance(fallback, FileTokenStore)
        assert fallback.path == str(config_dir / "tokens" / "work.json")
    finally:
        keyring.set_keyring(previous)


def test_the_installed_console_script_runs(xero: Xero) -> None:
    from importlib.metadata import entry_points

    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "xero"]
    assert script.value == "xero_sdk.cli:main"
    installed = Path(sys.executable).parent / "xero"
    done = subprocess.run([str(installed), "--help"], capture_output=True, env=xero.env, timeout=60)
    assert done.returncode == 0 and b"accounting" in done.stdout and b"Exit codes" in done.stdout
    done = xero("--version")
    assert done.returncode == 0 and done.stdout.startswith(b"xero, version ")
