"""``python -m claimcheck`` is the same program as the ``claimcheck`` command."""

from claimcheck.cli import main

if __name__ == "__main__":
    main()
