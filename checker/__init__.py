"""transcheck: checks that the German and English versions of an article say the same thing."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("transcheck")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+unknown"

TOOL_NAME = "transcheck"
