"""`python -m bot.cli`: the same app as the `cchc` console script."""
from bot.cli.app import main

if __name__ == "__main__":  # importing this module (as the import test does) runs nothing
    main()
