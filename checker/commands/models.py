"""`transcheck models`: list and install Argos Translate de→en packages."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import Any

from checker.errors import ExitCode

BYTES_PER_MB = 1024 * 1024

log = logging.getLogger(__name__)


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "models",
        help="list or install Argos de→en translation packages",
        description=(
            "Manage the Argos Translate packages the `argos` translator uses. Packages live "
            "in $ARGOS_PACKAGES_DIR, else in argostranslate's package directory."
        ),
    )
    actions = parser.add_subparsers(dest="models_command", metavar="ACTION")
    listing = actions.add_parser("list", help="show installed de→en packages (the default)")
    listing.set_defaults(run=run_list)
    install = actions.add_parser(
        "install",
        help="install a package file (offline), or the newest de→en package from the Argos index",
    )
    install.add_argument(
        "file", nargs="?", metavar="FILE.argosmodel", default=None,
        help="package file to install; without it, download from the index (needs the network)",
    )  # fmt: skip
    install.set_defaults(run=run_install)
    parser.set_defaults(run=run_list)


def _size(package_dir: Path) -> str:
    total = sum(f.stat().st_size for f in package_dir.rglob("*") if f.is_file())
    return f"{total / BYTES_PER_MB:.1f} MB"


def run_list(args: argparse.Namespace) -> int:
    from checker.translate.argos import installed_packages, packages_dirs

    where = ", ".join(str(d) for d in packages_dirs())
    packages = installed_packages()
    usable = [p for p in packages if p.is_de_en]
    if not usable:
        print(f"no Argos de→en package installed (looked in {where})")
        print("install one with: transcheck models install [FILE.argosmodel]")
        return int(ExitCode.OK)
    print(f"Argos de→en packages in {where}:")
    for package in usable:
        print(f"  {package.name}  version {package.version}  {_size(package.path)}  {package.path}")
    others = len(packages) - len(usable)
    if others:
        print(f"({others} package(s) for other language pairs not shown)")
    return int(ExitCode.OK)


def run_install(args: argparse.Namespace) -> int:
    from checker.translate.argos import install_from_index, install_package_file

    if args.file:
        package = install_package_file(Path(args.file))
    else:
        log.info("fetching the Argos package index")
        package = install_from_index()
    print(f"installed {package.name} {package.version} (de→en) into {package.path}")
    return int(ExitCode.OK)
