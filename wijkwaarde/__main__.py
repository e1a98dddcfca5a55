"""`python -m wijkwaarde`: the same as the `wijkwaarde` command."""

from wijkwaarde.cli import main

main()
