"""The `argos` backend: an Argos Translate de→en package run through CTranslate2.

Packages are found where argostranslate keeps them ($ARGOS_PACKAGES_DIR, else
`argostranslate.settings.package_dirs`) or named by `settings.model` (a package
directory or an `.argosmodel` zip). Inference goes straight through
`ctranslate2.Translator.translate_batch` with the package's SentencePiece model;
`argostranslate.translate` (spaCy, Stanza, torch) is never imported. ctranslate2
and sentencepiece are imported only when a translation is actually needed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import threading
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from checker import safeio
from checker.errors import EngineError, InputError, located
from checker.model import TranslatorInfo
from checker.settings import (
    MAX_COMPRESSION_RATIO,
    MAX_METADATA_BYTES,
    MAX_MODEL_ARCHIVE_BYTES,
    MAX_MODEL_MEMBERS,
    MAX_MODEL_UNPACKED_BYTES,
    MIB,
    Settings,
)
from checker.translate.cache import cache_dir

log = logging.getLogger(__name__)

PACKAGES_DIR_ENV = "ARGOS_PACKAGES_DIR"
SOURCE_LANG, TARGET_LANG = "de", "en"
METADATA_FILE = "metadata.json"
MODEL_FILE = "model/model.bin"
SPM_FILE = "sentencepiece.model"
REQUIRED_FILES = (METADATA_FILE, MODEL_FILE, SPM_FILE)
MAX_DECODING_LENGTH = 256  # target tokens per sentence
ENGINE_VERSION = "argos-ct2/2"  # bump when tokenisation or decoding changes
HASH_PREFIX_LENGTH = 12
UNPACKED_SUBDIR = "argos-models"  # where settings.model zips are unpacked (cache dir)
DIGEST_SUBDIR = "model-digests"
INDEX_UNREACHABLE = "cannot reach the Argos package index (no network?)"
RATIO_FLOOR_BYTES = 1 * MIB  # smaller members may compress as well as they like
_SAFE_VERSION = re.compile(r"[A-Za-z0-9][A-Za-z0-9_+-]{0,63}")
_UNSAFE_TEXT = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")


@dataclasses.dataclass(frozen=True)
class ArgosPackage:
    """An unpacked Argos package directory that passed validation."""

    path: Path
    name: str
    version: str
    from_code: str
    to_code: str

    @property
    def model_dir(self) -> Path:
        return self.path / "model"

    @property
    def spm_path(self) -> Path:
        return self.path / SPM_FILE

    @property
    def is_de_en(self) -> bool:
        return (self.from_code, self.to_code) == (SOURCE_LANG, TARGET_LANG)

    def size_bytes(self) -> int:
        return sum(f.stat().st_size for f in self.path.rglob("*") if f.is_file())


# ---------------------------------------------------------------- finding packages


def packages_dirs() -> list[Path]:
    """Where installed packages are looked for; the first is where installs go."""
    from_env = os.environ.get(PACKAGES_DIR_ENV)
    if from_env:
        return [Path(from_env)]
    try:
        import argostranslate.settings as argos_settings  # type: ignore[import-untyped]
    except ImportError:
        data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        return [Path(data_home) / "argos-translate" / "packages"]
    return [Path(d) for d in argos_settings.package_dirs]


def _parse_metadata(where: object, text: str) -> dict[str, Any]:
    try:
        metadata = json.loads(text)
    except json.JSONDecodeError as exc:
        raise EngineError(
            located(where, f"{METADATA_FILE} is not valid JSON ({exc.msg})")
        ) from None
    except (RecursionError, ValueError):  # nested too deeply; an integer of 4,300+ digits
        metadata = safeio.load_json(text, str(where), prefix=f"{METADATA_FILE}: ")
    if not isinstance(metadata, dict):
        raise EngineError(located(where, f"{METADATA_FILE} is not a JSON object"))
    for key in ("package_name", "name", "package_version", "from_code", "to_code"):
        value = metadata.get(key)
        if isinstance(value, str) and _UNSAFE_TEXT.search(value):
            cause = f"{METADATA_FILE}: {key} holds control characters or a lone surrogate"
            raise InputError(located(where, cause))
    return metadata


def _check_direction(where: object, metadata: dict[str, Any]) -> None:
    pair = (metadata.get("from_code"), metadata.get("to_code"))
    if pair != (SOURCE_LANG, TARGET_LANG):
        found = f"{pair[0]}→{pair[1]}"
        raise EngineError(located(where, f"package translates {found}, transcheck needs de→en"))


def _package_from_metadata(path: Path, metadata: dict[str, Any]) -> ArgosPackage:
    return ArgosPackage(
        path=path,
        name=str(metadata.get("package_name") or metadata.get("name") or path.name),
        version=str(metadata.get("package_version", "?")),
        from_code=str(metadata.get("from_code", "?")),
        to_code=str(metadata.get("to_code", "?")),
    )


def read_package(path: Path, *, require_de_en: bool = True) -> ArgosPackage:
    """Validate an unpacked package directory; EngineError naming what is wrong."""
    if not path.is_dir():
        raise EngineError(located(path, "Argos package directory not found"))
    for required in REQUIRED_FILES:
        if not (path / required).is_file():
            raise EngineError(located(path, f"not a usable Argos package (missing {required})"))
    text = safeio.read_text(path / METADATA_FILE, METADATA_FILE, MAX_METADATA_BYTES, EngineError)
    metadata = _parse_metadata(path / METADATA_FILE, text)
    if require_de_en:
        _check_direction(path, metadata)
    return _package_from_metadata(path, metadata)


def installed_packages() -> list[ArgosPackage]:
    """Every readable package in the package directories (any direction)."""
    found = []
    for directory in packages_dirs():
        if not directory.is_dir():
            continue
        for child in sorted(directory.iterdir()):
            if child.is_dir() and not child.name.startswith("."):
                try:
                    found.append(read_package(child, require_de_en=False))
                except EngineError as exc:
                    log.info("skipping %s", exc)
    return found


def _version_key(package: ArgosPackage) -> tuple[int, Any]:
    from packaging.version import InvalidVersion, Version

    try:
        return (1, Version(package.version))
    except InvalidVersion:
        return (0, package.version)


def find_installed_package() -> ArgosPackage | None:
    """The installed de→en package with the highest version, if any."""
    candidates = [p for p in installed_packages() if p.is_de_en]
    return max(candidates, key=_version_key) if candidates else None


# ---------------------------------------------------------------- package files


def check_archive_file(path: Path) -> None:
    """A regular file of at most MAX_MODEL_ARCHIVE_BYTES (never /dev/zero or a FIFO)."""
    try:
        size = safeio.require_regular(path, "Argos package")
    except safeio.MissingFile:
        raise EngineError(located(path, "package file not found")) from None
    if size > MAX_MODEL_ARCHIVE_BYTES:
        raise safeio.too_large(path, "Argos package", size, MAX_MODEL_ARCHIVE_BYTES)


def check_archive_sizes(path: Path, members: Sequence[zipfile.ZipInfo]) -> None:
    """Refuse a zip bomb before anything is unpacked: too many members, too much in
    total, or a member that unpacks to more than MAX_COMPRESSION_RATIO times its size."""
    if len(members) > MAX_MODEL_MEMBERS:
        cause = f"refused: {len(members):,} files, the limit is {MAX_MODEL_MEMBERS:,}"
        raise InputError(located(path, f"{cause} (see docs/LIMITS.md)"))
    total = sum(member.file_size for member in members)
    if total > MAX_MODEL_UNPACKED_BYTES:
        raise safeio.too_large(path, "unpacked Argos package", total, MAX_MODEL_UNPACKED_BYTES)
    for member in members:
        ratio_cap = MAX_COMPRESSION_RATIO * max(member.compress_size, 1)
        if member.file_size > max(RATIO_FLOOR_BYTES, ratio_cap):
            cause = (
                f"refused: {member.filename} would unpack {member.file_size:,} bytes from "
                f"{member.compress_size:,} (more than {MAX_COMPRESSION_RATIO}:1; a zip bomb?) "
                "(see docs/LIMITS.md)"
            )
            raise InputError(located(path, cause))


def _open_archive(path: Path) -> zipfile.ZipFile:
    check_archive_file(path)
    if not zipfile.is_zipfile(path):
        raise EngineError(located(path, "not an Argos package (not a zip archive, or truncated)"))
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, EOFError, zlib.error, OSError, ValueError,
            NotImplementedError) as exc:
        raise EngineError(located(path, f"corrupt or truncated zip archive ({exc})")) from None
    try:
        check_archive_sizes(path, archive.infolist())
        bad = archive.testzip()
    except (zipfile.BadZipFile, EOFError, zlib.error, OSError, ValueError,
            NotImplementedError) as exc:
        archive.close()
        raise EngineError(located(path, f"corrupt or truncated zip archive ({exc})")) from None
    except BaseException:
        archive.close()
        raise
    if bad is not None:
        archive.close()
        raise EngineError(located(path, f"corrupt zip archive (bad checksum in {bad})"))
    return archive


def _package_root(path: Path, names: Sequence[str]) -> str:
    """The archive's top-level folder ("" when files sit at the root); rejects unsafe names."""
    for name in names:
        parts = PurePosixPath(name).parts
        if name.startswith(("/", "\\")) or ".." in parts or ":" in name or "\\" in name:
            raise EngineError(located(path, f"unsafe path in archive: {name}"))
    if METADATA_FILE in names:
        return ""
    roots = {PurePosixPath(n).parts[0] for n in names if PurePosixPath(n).parts}
    if len(roots) != 1:
        raise EngineError(located(path, f"not an Argos package (no {METADATA_FILE})"))
    root = roots.pop()
    if root.startswith("."):
        cause = f"package folder {root!r} starts with '.'; hidden folders are never listed"
        raise InputError(located(path, cause))
    return root


def validate_archive(path: Path) -> tuple[str, dict[str, Any]]:
    """(top-level folder, metadata) of a valid de→en `.argosmodel`; EngineError otherwise."""
    with _open_archive(path) as archive:
        names = archive.namelist()
        root = _package_root(path, names)
        prefix = f"{root}/" if root else ""
        for required in REQUIRED_FILES:
            if prefix + required not in names:
                raise EngineError(located(path, f"not a usable Argos package (missing {required})"))
        if archive.getinfo(prefix + METADATA_FILE).file_size > MAX_METADATA_BYTES:
            raise safeio.too_large(path, METADATA_FILE, None, MAX_METADATA_BYTES)
        try:
            text = archive.read(prefix + METADATA_FILE).decode("utf-8")
        except UnicodeDecodeError:
            raise EngineError(located(path, f"{METADATA_FILE} is not UTF-8")) from None
    metadata = _parse_metadata(path, text)
    _check_direction(path, metadata)
    return root, metadata


def _folder_name(path: Path, root: str, metadata: dict[str, Any]) -> str:
    """The package's folder: the archive's own top folder, else one named after the
    version; never '', '.', '..' or a name with a path separator."""
    if root:
        return root
    version = str(metadata.get("package_version") or "0").replace(".", "_")
    if not _SAFE_VERSION.fullmatch(version):
        cause = f"{METADATA_FILE}: package_version {version!r} cannot name a folder"
        raise InputError(located(path, cause))
    return f"translate-{SOURCE_LANG}_{TARGET_LANG}-{version}"


def _move_into_place(source: Path, target: Path, scratch: Path) -> None:
    """Rename `source` to `target`; an existing target is swapped out first, then removed."""
    old = scratch / "replaced"
    if target.exists():
        os.replace(target, old)
    os.replace(source, target)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def unpack_package_file(path: Path, directory: Path) -> ArgosPackage:
    """Validate an `.argosmodel` and unpack it into `directory` atomically (temp dir + rename)."""
    root, metadata = validate_archive(path)
    folder = _folder_name(path, root, metadata)
    if folder in ("", ".", "..") or "/" in folder or (directory / folder).parent != directory:
        raise InputError(located(path, f"unsafe package folder name {folder!r}"))
    _check_free_space(path, directory)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=".transcheck-install-", dir=directory))
    except OSError as exc:
        raise EngineError(
            located(directory, f"cannot write packages here ({exc.strerror})")
        ) from None
    try:
        unpacked = scratch / "unpacked"
        with zipfile.ZipFile(path) as archive:
            archive.extractall(unpacked)
        _move_into_place(unpacked / root if root else unpacked, directory / folder, scratch)
    except (OSError, zipfile.BadZipFile, NotImplementedError) as exc:
        raise EngineError(located(path, f"cannot unpack package ({exc})")) from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return read_package(directory / folder)


def _check_free_space(path: Path, directory: Path) -> None:
    """Refuse to start unpacking what the disk below `directory` cannot hold."""
    with zipfile.ZipFile(path) as archive:
        needed = sum(member.file_size for member in archive.infolist())
    existing = directory
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    try:
        free = shutil.disk_usage(existing).free
    except OSError:
        return
    if needed > free:
        cause = f"unpacking needs {needed:,} bytes, only {free:,} are free in {existing}"
        raise InputError(located(path, cause))


def install_package_file(path: Path) -> ArgosPackage:
    """`transcheck models install FILE.argosmodel`: offline install into the package dir."""
    return unpack_package_file(path, packages_dirs()[0])


@contextlib.contextmanager
def _argos_logging_quiet() -> Iterator[None]:
    """argostranslate logs network failures itself; we report them as one line instead."""
    loggers = [logging.getLogger(name) for name in ("argostranslate", "argostranslate.utils")]
    levels = [logger.level for logger in loggers]
    if not log.isEnabledFor(logging.DEBUG):
        for logger in loggers:
            logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def install_from_index() -> ArgosPackage:
    """Download the newest de→en package from the Argos index and install it."""
    try:
        import argostranslate.package as argos_package  # type: ignore[import-untyped]
        import argostranslate.settings as argos_settings
    except ImportError:
        raise EngineError(
            "argostranslate is not installed (pip install 'transcheck[argos]'); "
            "or install a package file: transcheck models install FILE.argosmodel"
        ) from None
    index = Path(argos_settings.local_package_index)
    before = index.stat().st_mtime_ns if index.exists() else None
    with _argos_logging_quiet():
        argos_package.update_package_index()  # logs and returns on network errors
    if not index.exists() or index.stat().st_mtime_ns == before:
        raise EngineError(INDEX_UNREACHABLE)
    available = [
        p
        for p in argos_package.get_available_packages()
        if (p.from_code, p.to_code) == (SOURCE_LANG, TARGET_LANG)
    ]
    if not available:
        raise EngineError("the Argos package index lists no de→en package")
    best = max(available, key=lambda p: _version_key(_package_from_metadata(Path(), dict(vars(p)))))
    try:
        with _argos_logging_quiet():
            download = Path(best.download())
    except Exception as exc:  # argostranslate raises bare Exception on failed downloads
        raise EngineError(f"cannot download the Argos de→en package (no network?): {exc}") from None
    try:
        return install_package_file(download)
    finally:
        download.unlink(missing_ok=True)


# ---------------------------------------------------------------- the translator


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def package_digest(package: ArgosPackage, settings: Settings) -> str:
    """sha256 over metadata, model and SentencePiece files, memoised on disk by file stats."""
    files = [package.path / name for name in REQUIRED_FILES]
    try:
        stats = "|".join(f"{f.resolve()}:{f.stat().st_size}:{f.stat().st_mtime_ns}" for f in files)
    except OSError as exc:
        raise EngineError(located(package.path, f"unreadable package ({exc})")) from None
    memo = cache_dir(settings) / DIGEST_SUBDIR / hashlib.sha256(stats.encode()).hexdigest()
    try:
        return memo.read_text(encoding="ascii").strip()
    except OSError:
        pass
    digest = hashlib.sha256("".join(_file_digest(f) for f in files).encode()).hexdigest()
    try:
        memo.parent.mkdir(parents=True, exist_ok=True)
        memo.write_text(digest, encoding="ascii")
    except OSError as exc:
        log.debug("cannot memoise model digest in %s (%s)", memo, exc)
    return digest


class _Engine:
    """A loaded CTranslate2 translator and SentencePiece processor."""

    def __init__(self, package: ArgosPackage, threads: int) -> None:
        try:
            import ctranslate2  # type: ignore[import-untyped]
            import sentencepiece
        except ImportError as exc:
            raise EngineError(
                f"the argos translator needs {exc.name} (pip install {exc.name})"
            ) from None
        try:
            self.translator = ctranslate2.Translator(
                str(package.model_dir), device="cpu", inter_threads=1, intra_threads=threads
            )
        except (RuntimeError, ValueError, OSError) as exc:
            cause = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise EngineError(
                located(package.model_dir, f"cannot load CTranslate2 model ({cause})")
            ) from None
        self.spm = sentencepiece.SentencePieceProcessor()
        try:
            self.spm.Load(str(package.spm_path))
        except (RuntimeError, OSError) as exc:
            raise EngineError(
                located(package.spm_path, f"cannot load SentencePiece model ({exc})")
            ) from None


class ArgosTranslator:
    """Translates all sentences of a run in length-sorted batches through CTranslate2."""

    def __init__(
        self,
        package: ArgosPackage,
        settings: Settings,
        max_decoding_length: int = MAX_DECODING_LENGTH,
    ) -> None:
        self.package = package
        self.beam_size = settings.beam_size
        self.batch_size = settings.batch_size
        self.threads = settings.threads
        self.max_decoding_length = max_decoding_length
        self.digest = package_digest(package, settings)
        self._engine: _Engine | None = None
        self._lock = threading.Lock()
        model = f"{package.name} {package.version} (sha256:{self.digest[:HASH_PREFIX_LENGTH]})"
        self._info = TranslatorInfo(name="argos", model=model)

    @property
    def info(self) -> TranslatorInfo:
        return self._info

    def set_reason(self, reason: str) -> None:
        self._info = dataclasses.replace(self._info, reason=reason)

    def cache_key(self) -> str:
        """Model identity and the options that change output (not batch size or threads)."""
        return (
            f"argos|{ENGINE_VERSION}|sha256:{self.digest}|beam={self.beam_size}"
            f"|maxlen={self.max_decoding_length}"
        )

    def engine(self) -> _Engine:
        with self._lock:
            if self._engine is None:
                self._engine = _Engine(self.package, self.threads)
            return self._engine

    def translate(self, sentences: Sequence[str]) -> list[str | None]:
        if not sentences:
            return []
        engine = self.engine()
        pieces: list[list[str]] = [engine.spm.EncodeAsPieces(s) for s in sentences]
        order = sorted(range(len(pieces)), key=lambda i: (len(pieces[i]), i))
        batch = [pieces[i] for i in order if pieces[i]]
        try:
            results = engine.translator.translate_batch(
                batch,
                max_batch_size=self.batch_size,
                beam_size=self.beam_size,
                max_decoding_length=self.max_decoding_length,
            )
        except (RuntimeError, ValueError) as exc:
            raise EngineError(located(self.package.path, f"translation failed ({exc})")) from None
        output: list[str | None] = [""] * len(sentences)
        decoded = iter(results)
        for index in order:
            if pieces[index]:
                output[index] = engine.spm.DecodePieces(next(decoded).hypotheses[0])
        return output


def _package_for_model_setting(model: str, settings: Settings) -> ArgosPackage:
    path = Path(model)
    if path.is_dir():
        return read_package(path)
    if not path.exists():
        raise EngineError(located(path, "Argos model not found"))
    check_archive_file(path)
    unpack_dir = cache_dir(settings) / UNPACKED_SUBDIR / _file_digest(path)[:24]
    existing = (
        [d for d in unpack_dir.iterdir() if d.is_dir() and not d.name.startswith(".")]
        if unpack_dir.is_dir()
        else []
    )
    if existing:
        return read_package(existing[0])
    return unpack_package_file(path, unpack_dir)


def make_argos_translator(
    settings: Settings, max_decoding_length: int = MAX_DECODING_LENGTH
) -> ArgosTranslator:
    """The argos backend for settings.model, else the installed de→en package."""
    if settings.model:
        package = _package_for_model_setting(settings.model, settings)
    else:
        found = find_installed_package()
        if found is None:
            where = ", ".join(str(d) for d in packages_dirs())
            raise EngineError(
                f"no Argos de→en package installed (looked in {where}); "
                "run: transcheck models install [FILE.argosmodel]"
            )
        package = found
    return ArgosTranslator(package, settings, max_decoding_length)
