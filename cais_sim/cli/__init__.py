"""Command line entry point."""


def main() -> None:
    """Run the ``cais-sim`` command."""
