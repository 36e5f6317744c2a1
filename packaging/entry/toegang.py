"""Frozen entry point of the desktop app (PyInstaller). Same as the `toegang` console script."""

import sys

from toegang_app.app import main

if __name__ == "__main__":
    sys.exit(main())
