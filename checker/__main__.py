from checker.cli import entrypoint

entrypoint()
