"""The `cchc` command line: the Typer app (`bot.cli.app`) and one module per command group.

Importing this package does nothing; `bot.cli.app` builds the app and registers each group's commands.
"""
