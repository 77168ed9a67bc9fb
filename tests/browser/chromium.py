"""
The Chromium that the browser tests, `make audit` and CI drive: Debian's, because Playwright
cannot download its own browsers here. This is the one place its path is written; set
CHROMIUM in the environment to drive another.

Standard library only, so CI can ask before the virtualenv exists:
    python3 tests/browser/chromium.py --path    prints the path
    python3 tests/browser/chromium.py           checks that it starts, or says how to install it
"""

import os
import subprocess
import sys

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL_ADVICE = (
    f"The browser tests and the audit need Chromium at {CHROMIUM}: "
    "sudo apt-get install chromium (or set CHROMIUM to another path)."
)


def check_it_starts() -> int:
    if not os.access(CHROMIUM, os.X_OK):
        print(INSTALL_ADVICE, file=sys.stderr)
        return 1
    subprocess.run([CHROMIUM, "--version"], check=True)
    # The browser tests must run, not skip: fail here, early and clearly, if it cannot start.
    started = subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, "--dump-dom", "about:blank"],
        capture_output=True,
        text=True,
        check=False,
    )
    if started.returncode != 0:
        # Its stderr is full of harmless D-Bus complaints: show it only when it failed.
        print(started.stderr, f"{CHROMIUM} did not start headless.", sep="\n", file=sys.stderr)
    return started.returncode


if __name__ == "__main__":
    if sys.argv[1:] == ["--path"]:
        print(CHROMIUM)
        sys.exit(0)
    sys.exit(check_it_starts())
