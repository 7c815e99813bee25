"""8. Cold start: import + client + first call in a fresh interpreter, against a local server.

What a serverless function, a cron job or a CLI pays before its first answer: the imports, the
client, one ``GET /Organisation`` on a new connection, and decoding it into models. Each sample
is a new ``python -c`` process (:func:`benchmarks.bench_imports.timed_child`), timed from the
first import to the decoded answer (interpreter start-up excluded, identical for everyone; the
process's wall time is in the details). Paired rounds, rotating order.
"""

from __future__ import annotations

import time

from benchmarks._common import FLOOR, SDK, XERO_PYTHON, Section, Settings, Target, median, paired_row
from benchmarks._peers import TOKEN, xero_python_version
from benchmarks._server import ServerProcess
from benchmarks.bench_http import ORGANISATION_PATH, TENANT
from benchmarks.bench_imports import timed_child

SDK_ASYNC = "xero-sdk-async"
XERO_PYTHON_TLS = "xero-python-tls"
NAME = "Demo Company (NZ)"


def statements(url: str) -> dict[str, str]:
    """The program each contender runs, from its first import to the decoded organisation."""
    out = {
        SDK: (
            "from xero_sdk import Xero\n"
            f"xero = Xero(access_token={TOKEN!r}, tenant_id={TENANT!r}, api_url={url!r})\n"
            "org = xero.accounting.get_organisations()\n"
            f"assert org.organisations[0].name == {NAME!r}\n"
        ),
        SDK_ASYNC: (
            "import asyncio\n"
            "from xero_sdk import AsyncXero\n"
            "async def main():\n"
            f"    async with AsyncXero(access_token={TOKEN!r}, tenant_id={TENANT!r}, api_url={url!r}) as xero:\n"
            "        return await xero.accounting.get_organisations()\n"
            "org = asyncio.run(main())\n"
            f"assert org.organisations[0].name == {NAME!r}\n"
        ),
        FLOOR: (
            "import json\n"
            "from decimal import Decimal\n"
            "import httpx\n"
            f"r = httpx.get({url + ORGANISATION_PATH!r}, headers={{'Authorization': 'Bearer {TOKEN}', "
            f"'xero-tenant-id': {TENANT!r}, 'Accept': 'application/json'}})\n"
            "body = json.loads(r.content, parse_float=Decimal)\n"
            f"assert body['Organisations'][0]['Name'] == {NAME!r}\n"
        ),
    }
    if xero_python_version():
        out[XERO_PYTHON] = (
            "from xero_python.api_client import ApiClient, Configuration\n"
            "from xero_python.api_client.oauth2 import OAuth2Token\n"
            "from xero_python.accounting import AccountingApi\n"
            f"token = {{'access_token': {TOKEN!r}, 'scope': ['accounting.transactions'], "
            "'expires_in': None, 'token_type': 'Bearer'}\n"
            "config = Configuration(oauth2_token=OAuth2Token(client_id='bench', client_secret='bench'))\n"
            "client = ApiClient(config, oauth2_token_getter=lambda: token, pool_threads=1)\n"
            f"api = AccountingApi(client, base_url={url + '/api.xro/2.0'!r})\n"
            f"org = api.get_organisations({TENANT!r})\n"
            f"assert org.organisations[0].name == {NAME!r}\n"
        )
        # against https (always, with Xero) urllib3 also loads certifi's CA bundle on the first
        # connection; httpx loads it when the client is created, so it is in every xero-sdk row
        out[XERO_PYTHON_TLS] = (
            out[XERO_PYTHON] + "import ssl, certifi\nssl.create_default_context(cafile=certifi.where())\n"
        )
    return out


def run(settings: Settings) -> Section:
    section = Section("coldstart", "8. Cold start: import + client + first call, fresh interpreter (ms)")
    with ServerProcess() as server:
        stmts = statements(server.url)
        for stmt in stmts.values():
            timed_child(stmt)  # byte-code caches warm, as for any deployed function
        samples: dict[str, list[float]] = {name: [] for name in stmts}
        walls: dict[str, list[float]] = {name: [] for name in stmts}
        names = list(stmts)
        deadline = time.perf_counter() + settings.budget
        for i in range(settings.coldstart_rounds):
            for name in names[i % len(names) :] + names[: i % len(names)]:
                seconds, wall, _, _ = timed_child(stmts[name])
                samples[name].append(seconds)
                walls[name].append(wall)
            if time.perf_counter() > deadline and i >= 1:
                break
    ref = XERO_PYTHON if XERO_PYTHON in samples else FLOOR
    labels = {
        SDK: "xero-sdk: import Xero, client, get_organisations() (typed)",
        SDK_ASYNC: "xero-sdk: import AsyncXero + asyncio, client, await get_organisations()",
        XERO_PYTHON: "xero-python: ApiClient + AccountingApi, get_organisations() (typed)",
        XERO_PYTHON_TLS: "xero-python, + the TLS context its first https call builds",
        FLOOR: "floor: import httpx, httpx.get + json.loads (no models)",
    }
    for name in labels:
        if name not in samples:
            continue
        process = median(walls[name])
        note = f"process {process * 1000:.0f} ms with interpreter start-up" if process is not None else ""
        section.rows.append(paired_row(labels[name], samples, name, ref, 1000, "ms", note))
    section.targets.append(
        Target.paired(
            "cold start <= 0.5x xero-python",
            samples,
            SDK,
            XERO_PYTHON,
            "<=",
            0.5,
            "" if XERO_PYTHON in samples else "xero-python not installed",
        )
    )
    section.notes.append(
        "the local server speaks plain HTTP: xero-python then never builds a TLS context, while httpx "
        "builds one (certifi's CA bundle) when any client is created; the '+ TLS context' row adds what "
        "xero-python's first https call to Xero would build"
    )
    section.details = {"samples_s": samples, "process_wall_s": walls}
    return section
