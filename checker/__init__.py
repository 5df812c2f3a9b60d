"""transcheck: checks that the German and English versions of an article say the same thing."""

# The one place the version is written (pyproject.toml reads it from here): asking
# importlib.metadata instead costs a tenth of a second at every start.
__version__ = "0.1.0"

TOOL_NAME = "transcheck"
# One-line notices of slow one-off work (building the dictionary index); the CLI shows
# them at the default verbosity.
PROGRESS_LOGGER = "checker.progress"
