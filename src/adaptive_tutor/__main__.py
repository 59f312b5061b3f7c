"""``python -m adaptive_tutor``: the same command line as ``adaptive-tutor``."""

from adaptive_tutor.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
