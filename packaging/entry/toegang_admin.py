"""Frozen entry point of the command line (PyInstaller). Same as the `toegang-admin` console script."""

import sys

from toegang_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
