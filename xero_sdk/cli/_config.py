"""Profiles of the ``xero`` command: which app, which tenant, which scopes, kept per profile.

One JSON file, ``profiles.json``, in the platform's config directory (``$XDG_CONFIG_HOME/xero-sdk``
on Linux, ``~/Library/Application Support/xero-sdk`` on macOS, ``%APPDATA%\\xero-sdk`` on Windows;
``XERO_CONFIG_DIR`` overrides it). It holds no secret: tokens live in a token store
(:mod:`xero_sdk.cli._tokens`).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import attrs

DEFAULT_PROFILE = "default"
#: The loopback redirect ``xero login`` listens on unless told otherwise; register
#: ``http://localhost:8765/callback`` with your Xero app.
DEFAULT_PORT = 8765


def config_dir() -> Path:
    override = os.environ.get("XERO_CONFIG_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_config_dir("xero-sdk", appauthor=False))


@attrs.define
class Profile:
    """What ``xero login`` and ``xero use`` remember for one profile."""

    name: str
    client_id: str | None = None
    redirect_uri: str | None = None
    scopes: list[str] = attrs.field(factory=list)
    tenant_id: str | None = None
    tenant_name: str | None = None
    client_credentials: bool = False
    """A Custom Connection: tokens from the client-credentials grant (secret in XERO_CLIENT_SECRET)."""

    def to_dict(self) -> dict[str, Any]:
        data = attrs.asdict(self)
        del data["name"]
        return data

    @classmethod
    def from_dict(cls, name: str, data: dict[str, Any]) -> Profile:
        known = {f.name for f in attrs.fields(cls)} - {"name"}
        return cls(name=name, **{k: v for k, v in data.items() if k in known})


def _path() -> Path:
    return config_dir() / "profiles.json"


def load_all() -> dict[str, Profile]:
    try:
        data = json.loads(_path().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise OSError(f"cannot read {_path()}: {exc}") from None
    profiles = data.get("profiles", {}) if isinstance(data, dict) else {}
    return {
        name: Profile.from_dict(name, value) for name, value in profiles.items() if isinstance(value, dict)
    }


def load(name: str) -> Profile:
    return load_all().get(name) or Profile(name=name)


def save(profile: Profile) -> None:
    """Write ``profile`` into the file (atomically: another ``xero`` may be reading it)."""
    profiles = load_all()
    profiles[profile.name] = profile
    _write({"profiles": {name: p.to_dict() for name, p in sorted(profiles.items())}})


def remove(name: str) -> None:
    profiles = load_all()
    if profiles.pop(name, None) is not None:
        _write({"profiles": {n: p.to_dict() for n, p in sorted(profiles.items())}})


def _write(data: dict[str, Any]) -> None:
    path = _path()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".profiles.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=2, sort_keys=True)
            fh.write("\n")
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
