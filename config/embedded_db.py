"""Start the embedded PostgreSQL (pgserver) under ``var/`` and print its DATABASE_URL.

Used by the Makefile only when DATABASE_URL is unset, so a new user needs no server.
The server keeps running after this process exits; ``make stop-db`` stops it.
"""

import sys
import warnings
from pathlib import Path
from urllib.parse import quote

DATA_DIR = Path(__file__).resolve().parent.parent / "var" / "postgres"


def main() -> None:
    with warnings.catch_warnings():  # platformdirs: XDG_RUNTIME_DIR unset on servers
        warnings.simplefilter("ignore")
        import pgserver

    DATA_DIR.parent.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(DATA_DIR, cleanup_mode=None)
    # pgserver listens on a Unix socket in the data directory; spell it as a
    # percent-encoded host so dj-database-url hands it to psycopg unchanged.
    socket_dir = server.get_uri().split("host=", 1)[1]
    print(f"postgres://postgres@{quote(socket_dir, safe='')}/postgres")


def stop() -> None:
    with warnings.catch_warnings():  # platformdirs: XDG_RUNTIME_DIR unset on servers
        warnings.simplefilter("ignore")
        import pgserver

    if (DATA_DIR / "postmaster.pid").exists():
        # The last handle with cleanup_mode="stop" shuts the server down.
        pgserver.get_server(DATA_DIR, cleanup_mode="stop").cleanup()


if __name__ == "__main__":
    stop() if sys.argv[1:] == ["stop"] else main()
