"""Run careergap as ``python -m careergap``."""

from careergap.cli import main

if __name__ == "__main__":
    main()
