"""Where each API lives, and the headers every request carries.

Base URLs resolve, later winning: the defaults below; ``XERO_API_URL`` (replaces the host
``https://api.xero.com`` for every API); ``XERO_<API>_URL`` (e.g. ``XERO_ACCOUNTING_URL``,
``XERO_PAYROLL_AU_V2_URL``; the Identity API's is ``XERO_IDENTITY_API_URL``); the client's ``api_url=`` (host for all) and ``base_urls=``
(per API). The environment is read when a client is built, never at import.
"""

from __future__ import annotations

import platform
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

from xero_sdk._apis import APIS, BY_KEY, KEYS

XERO_HOST = "https://api.xero.com"


#: The API keys of the client, in the registry's order.
API_NAMES: tuple[str, ...] = KEYS

#: Default base URL of every API, without a trailing slash.
DEFAULT_BASE_URLS: Mapping[str, str] = MappingProxyType({api.key: XERO_HOST + api.base_path for api in APIS})


def env_var_for(api: str) -> str:
    """The environment variable overriding ``api``'s base URL: ``XERO_<API>_URL``, except the
    Identity API's ``XERO_IDENTITY_API_URL`` (the registry's ``env_var``), so that every
    variable has one meaning."""
    return BY_KEY[api].url_env_var


def resolve_base_urls(
    overrides: Mapping[str, str] | None = None,
    *,
    api_url: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The base URL of every API after environment and constructor overrides."""
    env = environ if environ is not None else {}
    unknown = set(overrides or {}) - set(API_NAMES)
    if unknown:
        raise ValueError(f"unknown API name(s) in base_urls: {sorted(unknown)}; known: {list(API_NAMES)}")
    host = (api_url or env.get("XERO_API_URL") or XERO_HOST).rstrip("/")
    urls: dict[str, str] = {}
    for entry in APIS:
        api = entry.key
        url = host + entry.base_path
        if api_url is None and env.get(env_var_for(api)):
            url = env[env_var_for(api)]
        if overrides and api in overrides:
            url = overrides[api]
        urls[api] = url.rstrip("/")
    return urls


def join_url(base: str, path: str) -> str:
    """``base`` + ``path`` with exactly one slash between them (no ``//Files``)."""
    if not path:
        return base
    return base.rstrip("/") + "/" + path.lstrip("/")


@lru_cache(maxsize=1)
def user_agent() -> str:
    """``xero-sdk/<version> python/<x.y> httpx/<version>``.

    The version is the package's ``__version__`` (a test keeps it equal to the distribution's):
    reading the installed metadata would import ``importlib.metadata`` and scan ``sys.path``,
    10-20 ms of every cold start."""
    import httpx

    from xero_sdk import __version__

    py = ".".join(platform.python_version_tuple()[:2])
    return f"xero-sdk/{__version__} python/{py} httpx/{httpx.__version__}"
