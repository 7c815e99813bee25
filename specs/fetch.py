"""Put the locked Xero OpenAPI documents into the working folder and verify them.

Usage::

    python specs/fetch.py [--dest DIR] [--source DIR] [--download] [--quiet]
    python -m specs.fetch ...

The documents are taken, in order of precedence, from

1. ``--source DIR`` (command line) or the ``source=`` argument,
2. the directory named by the ``XERO_SPECS_DIR`` environment variable,
3. ``../shared/specs`` relative to the project root,
4. otherwise (or with ``--download``) the pinned upstream URL of each document.

Every file is checked against the sha256 in ``specs/lock.json``.  All documents that need
to be (re)placed are first written and verified in a temporary folder next to the
destination; only when every one of them matches the lock are they moved into place
(``os.replace``, one atomic rename per file, or one rename of the whole folder when the
destination does not exist yet).  On any error nothing in the destination is replaced.
Files already in place with the right hash are not touched, so a second run is a no-op.

The default destination is ``<project root>/.specs/<release>/`` (git-ignored).  The
codegen driver calls :func:`ensure_specs`; :func:`load_lock` reads the lock.

Exit status: 0 on success, 1 on any error (one line on stderr), 2 on bad usage.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx

__all__ = [
    "ENV_VAR",
    "LOCK_RELPATH",
    "WORKDIR_RELPATH",
    "ChecksumError",
    "FetchResult",
    "Lock",
    "LockedDocument",
    "SpecsError",
    "default_project_root",
    "ensure_specs",
    "fetch_specs",
    "load_lock",
    "main",
    "sha256_file",
    "working_dir",
]

ENV_VAR = "XERO_SPECS_DIR"
LOCK_RELPATH = Path("specs") / "lock.json"
WORKDIR_RELPATH = Path(".specs")
SHARED_RELPATH = Path("..") / "shared" / "specs"
LOCK_VERSION = 1
DOWNLOAD_TIMEOUT_SECONDS = 60.0

_SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
_API_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_FILE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.ya?ml$")
_TAG_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_KINDS = ("rest", "webhooks")


class SpecsError(Exception):
    """Any failure to read the lock or to put the documents in place (one-line message)."""


class ChecksumError(SpecsError):
    """One or more documents do not match the sha256 recorded in the lock."""

    def __init__(self, mismatches: Sequence[tuple[str, str, str, str]]) -> None:
        # (file, origin, expected, actual)
        self.mismatches = tuple(mismatches)
        parts = [
            f"sha256 mismatch for {name} (from {origin}): expected {expected}, got {actual}"
            for name, origin, expected, actual in self.mismatches
        ]
        super().__init__("; ".join(parts) + "; nothing was replaced")


@dataclass(frozen=True)
class LockedDocument:
    """One pinned OpenAPI document."""

    api: str
    """Python name of the API, used everywhere (``accounting``, ``payroll_au_v2``...)."""
    title: str
    """Human title (``Payroll AU v2``)."""
    file: str
    """File name in Xero-OpenAPI and in the working folder (``xero_accounting.yaml``)."""
    kind: str
    """``rest`` (a document with operations) or ``webhooks``."""
    tag: str
    """Release tag of XeroAPI/Xero-OpenAPI the file is pinned to."""
    sha256: str
    """Lower-case hex sha256 of the file's bytes."""
    url: str
    """Upstream raw URL of the pinned file."""
    folder: str = ""
    """Sub-folder of the source folder holding the file (``next`` for documents released after
    the locked release, kept in ``../shared/specs/next``); the working folder is flat."""

    @property
    def source_path(self) -> Path:
        """Where the file is in a source folder (``next/xero_bankfeeds_v2.yaml``)."""
        return Path(self.folder) / self.file if self.folder else Path(self.file)


@dataclass(frozen=True)
class Lock:
    """The parsed ``specs/lock.json``."""

    release: str
    repository: str
    commit: str | None
    documents: tuple[LockedDocument, ...]
    path: Path | None = None

    @property
    def apis(self) -> tuple[str, ...]:
        return tuple(doc.api for doc in self.documents)

    def document(self, api: str) -> LockedDocument:
        for doc in self.documents:
            if doc.api == api:
                return doc
        raise KeyError(api)


@dataclass(frozen=True)
class FetchResult:
    """What :func:`fetch_specs` did."""

    dest: Path
    paths: dict[str, Path]
    """api key -> verified document in ``dest``, in lock order."""
    source: str | None
    """Where replaced files came from (a directory or ``download``); ``None`` if nothing was needed."""
    replaced: tuple[str, ...] = field(default_factory=tuple)
    """File names that were written (empty when everything was already in place)."""


# --------------------------------------------------------------------------- lock


def default_project_root() -> Path:
    """The project root this module belongs to (the parent of ``specs/``)."""
    return Path(__file__).resolve().parents[1]


def _require_str(obj: Mapping[str, Any], key: str, where: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value:
        raise SpecsError(f"{where}: '{key}' must be a non-empty string")
    return value


def _parse_document(raw: Any, where: str) -> LockedDocument:
    if not isinstance(raw, Mapping):
        raise SpecsError(f"{where}: expected an object")
    api = _require_str(raw, "api", where)
    file = _require_str(raw, "file", where)
    kind = _require_str(raw, "kind", where)
    tag = _require_str(raw, "tag", where)
    digest = _require_str(raw, "sha256", where).lower()
    url = _require_str(raw, "url", where)
    title = _require_str(raw, "title", where)
    if not _API_RE.match(api):
        raise SpecsError(f"{where}: api key {api!r} is not a Python identifier in snake_case")
    if not _FILE_RE.match(file):
        raise SpecsError(f"{where}: file {file!r} must be a plain .yaml file name")
    if kind not in _KINDS:
        raise SpecsError(f"{where}: kind {kind!r} must be one of {', '.join(_KINDS)}")
    if not _TAG_RE.match(tag):
        raise SpecsError(f"{where}: tag {tag!r} is not a valid release tag")
    if not _SHA256_RE.match(digest):
        raise SpecsError(f"{where}: sha256 {digest!r} is not 64 hex digits")
    if not url.startswith("https://"):
        raise SpecsError(f"{where}: url {url!r} must be https")
    folder = raw.get("folder", "")
    if not isinstance(folder, str) or (folder and not _TAG_RE.match(folder)):
        raise SpecsError(f"{where}: folder {folder!r} must be one plain folder name")
    return LockedDocument(
        api=api, title=title, file=file, kind=kind, tag=tag, sha256=digest, url=url, folder=folder
    )


def parse_lock(data: Any, *, path: Path | None = None) -> Lock:
    """Validate the decoded JSON of a lock file and return it typed."""
    where = str(path) if path is not None else "lock"
    if not isinstance(data, Mapping):
        raise SpecsError(f"{where}: expected a JSON object")
    if data.get("lock_version") != LOCK_VERSION:
        raise SpecsError(f"{where}: unsupported lock_version {data.get('lock_version')!r}")
    release = _require_str(data, "release", where)
    if not _TAG_RE.match(release):
        raise SpecsError(f"{where}: release {release!r} is not a valid release tag")
    repository = _require_str(data, "repository", where)
    commit = data.get("commit")
    if commit is not None and not isinstance(commit, str):
        raise SpecsError(f"{where}: 'commit' must be a string")
    raw_docs = data.get("documents")
    if not isinstance(raw_docs, list) or not raw_docs:
        raise SpecsError(f"{where}: 'documents' must be a non-empty list")
    docs = tuple(_parse_document(raw, f"{where}: documents[{i}]") for i, raw in enumerate(raw_docs))
    for attr in ("api", "file"):
        seen: set[str] = set()
        for doc in docs:
            value = getattr(doc, attr)
            if value in seen:
                raise SpecsError(f"{where}: duplicate {attr} {value!r}")
            seen.add(value)
    return Lock(release=release, repository=repository, commit=commit, documents=docs, path=path)


def load_lock(project_root: Path | None = None) -> Lock:
    """Read and validate ``<project_root>/specs/lock.json``."""
    root = default_project_root() if project_root is None else Path(project_root)
    path = root / LOCK_RELPATH
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecsError(f"cannot read lock file {path}: {exc.strerror or exc}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SpecsError(f"{path}: invalid JSON: {exc}") from exc
    return parse_lock(data, path=path)


# --------------------------------------------------------------------------- helpers


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _matches(path: Path, expected: str) -> bool:
    try:
        return path.is_file() and sha256_file(path) == expected
    except OSError:
        return False


def working_dir(project_root: Path, lock: Lock) -> Path:
    """The default destination: ``<project_root>/.specs/<release>``."""
    return Path(project_root) / WORKDIR_RELPATH / lock.release


def resolve_source(
    project_root: Path,
    source: Path | None = None,
    *,
    download: bool = False,
    environ: Mapping[str, str] | None = None,
) -> tuple[Path | None, str]:
    """Pick where documents come from: ``(directory, label)`` or ``(None, "download")``."""
    if download:
        return None, "download"
    if source is not None:
        src = Path(source)
        if not src.is_dir():
            raise SpecsError(f"source {src} is not a directory")
        return src, str(src)
    env = os.environ if environ is None else environ
    env_dir = env.get(ENV_VAR, "").strip()
    if env_dir:
        src = Path(env_dir)
        if not src.is_dir():
            raise SpecsError(f"{ENV_VAR}={env_dir} is not a directory")
        return src, f"{src} ({ENV_VAR})"
    shared = (Path(project_root) / SHARED_RELPATH).resolve()
    if shared.is_dir():
        return shared, str(shared)
    return None, "download"


def _download(docs: Sequence[LockedDocument], client: httpx.Client | None) -> dict[str, bytes]:
    import httpx  # runtime dependency of the SDK; imported lazily so the lock code needs only stdlib

    own = client is None
    http = httpx.Client(timeout=DOWNLOAD_TIMEOUT_SECONDS, follow_redirects=True) if client is None else client
    out: dict[str, bytes] = {}
    try:
        for doc in docs:
            try:
                response = http.get(doc.url)
                response.raise_for_status()
            except httpx.HTTPStatusError as exc:
                raise SpecsError(
                    f"download of {doc.file} failed: HTTP {exc.response.status_code} from {doc.url}; "
                    "nothing was replaced"
                ) from exc
            except httpx.HTTPError as exc:
                reason = str(exc) or type(exc).__name__
                raise SpecsError(
                    f"download of {doc.file} failed ({doc.url}): {reason}; nothing was replaced "
                    f"(set {ENV_VAR} to a folder holding the documents to work offline)"
                ) from exc
            out[doc.file] = response.content
    finally:
        if own:
            http.close()
    return out


# --------------------------------------------------------------------------- fetch


def fetch_specs(
    project_root: Path | None = None,
    *,
    dest: Path | None = None,
    source: Path | None = None,
    download: bool = False,
    lock: Lock | None = None,
    environ: Mapping[str, str] | None = None,
    client: httpx.Client | None = None,
) -> FetchResult:
    """Make ``dest`` hold every locked document with the locked sha256.

    Raises :class:`SpecsError` (or :class:`ChecksumError`) without replacing anything when
    a document is missing, cannot be downloaded or does not match the lock.
    """
    root = default_project_root() if project_root is None else Path(project_root)
    lock = load_lock(root) if lock is None else lock
    target = (working_dir(root, lock) if dest is None else Path(dest)).absolute()
    paths = {doc.api: target / doc.file for doc in lock.documents}

    needed = [doc for doc in lock.documents if not _matches(target / doc.file, doc.sha256)]
    if not needed:
        return FetchResult(dest=target, paths=paths, source=None)

    src_dir, label = resolve_source(root, source, download=download, environ=environ)

    # Gather every needed document in memory (the largest is about 1 MB) and verify it.
    contents: dict[str, bytes] = {}
    if src_dir is None:
        contents = _download(needed, client)
        origins = {doc.file: doc.url for doc in needed}
    else:
        missing = [str(doc.source_path) for doc in needed if not (src_dir / doc.source_path).is_file()]
        if missing:
            raise SpecsError(f"not found in {label}: {', '.join(missing)}; nothing was replaced")
        for doc in needed:
            try:
                contents[doc.file] = (src_dir / doc.source_path).read_bytes()
            except OSError as exc:
                raise SpecsError(
                    f"cannot read {src_dir / doc.source_path}: {exc.strerror or exc}; nothing was replaced"
                ) from exc
        origins = {doc.file: str(src_dir / doc.source_path) for doc in needed}

    mismatches = [
        (doc.file, origins[doc.file], doc.sha256, actual)
        for doc in needed
        if (actual := sha256_bytes(contents[doc.file])) != doc.sha256
    ]
    if mismatches:
        raise ChecksumError(mismatches)

    _install(target, lock, needed, contents)
    return FetchResult(dest=target, paths=paths, source=label, replaced=tuple(doc.file for doc in needed))


def _install(
    target: Path, lock: Lock, needed: Sequence[LockedDocument], contents: Mapping[str, bytes]
) -> None:
    """Write into a sibling temp folder, re-verify from disk, then rename into place."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
        os.chmod(tmp, 0o755)  # mkdtemp makes it 0700; it may become the working folder itself
    except OSError as exc:
        raise SpecsError(f"cannot create a temporary folder next to {target}: {exc}") from exc
    try:
        try:
            for doc in needed:
                with open(tmp / doc.file, "wb") as fh:
                    fh.write(contents[doc.file])
                    fh.flush()
                    os.fsync(fh.fileno())
        except OSError as exc:
            raise SpecsError(f"cannot write to {tmp}: {exc}; nothing was replaced") from exc
        mismatches = [
            (doc.file, str(tmp / doc.file), doc.sha256, actual)
            for doc in needed
            if (actual := sha256_file(tmp / doc.file)) != doc.sha256
        ]
        if mismatches:
            raise ChecksumError(mismatches)

        if not target.exists() and len(needed) == len(lock.documents):
            try:
                os.rename(tmp, target)  # the whole folder appears at once
                return
            except OSError:
                pass  # e.g. created meanwhile by a concurrent run: fall back to per-file renames
        try:
            target.mkdir(parents=True, exist_ok=True)
            for doc in needed:
                os.replace(tmp / doc.file, target / doc.file)
        except OSError as exc:
            raise SpecsError(f"cannot move verified documents into {target}: {exc}") from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def ensure_specs(
    project_root: Path,
    *,
    dest: Path | None = None,
    source: Path | None = None,
    download: bool = False,
    lock: Lock | None = None,
) -> dict[str, Path]:
    """Make sure the locked documents are in place; return ``{api key: verified YAML path}``.

    Called by the codegen driver (which passes the ``lock`` it has already read).  Fast
    (hashes only) when everything is already there.
    """
    return fetch_specs(project_root, dest=dest, source=source, download=download, lock=lock).paths


# --------------------------------------------------------------------------- CLI


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="specs/fetch.py",
        description="Put the Xero OpenAPI documents pinned in specs/lock.json into the working folder "
        f"and verify their sha256. Source: --source, else ${ENV_VAR}, else ../shared/specs, "
        "else the pinned upstream URLs.",
    )
    parser.add_argument("--dest", type=Path, help="destination folder (default: .specs/<release>)")
    parser.add_argument(
        "--source", type=Path, help="folder holding the documents (overrides $XERO_SPECS_DIR)"
    )
    parser.add_argument("--download", action="store_true", help="download from the pinned URLs")
    parser.add_argument(
        "--project-root", type=Path, default=None, help="project root holding specs/lock.json (default: auto)"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")
    args = parser.parse_args(argv)
    if args.source is not None and args.download:
        parser.error("--source and --download are mutually exclusive")

    try:
        lock = load_lock(args.project_root)
        result = fetch_specs(
            args.project_root, dest=args.dest, source=args.source, download=args.download, lock=lock
        )
    except SpecsError as exc:
        print(f"specs/fetch.py: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("specs/fetch.py: interrupted; nothing was replaced", file=sys.stderr)
        return 130

    if not args.quiet:
        where = _display(result.dest)
        count = len(result.paths)
        if result.replaced:
            print(
                f"specs {lock.release}: {count} documents verified in {where} "
                f"({len(result.replaced)} written from {result.source})"
            )
        else:
            print(f"specs {lock.release}: {count} documents verified in {where} (already in place)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
