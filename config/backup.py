"""``make backup`` / ``make restore``: pg_dump/pg_restore of the configured database.

    python -m config.backup dump FILE       # custom-format archive of $DATABASE_URL
    python -m config.backup restore FILE    # replaces $DATABASE_URL's tables with FILE's, in one transaction

The PostgreSQL client tools come from the pgserver package when it is installed (they are
PostgreSQL 16, new enough for any server up to 16), else from the PATH.
"""

import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path
from urllib.parse import quote


def client_tool(name: str) -> str:
    try:
        with warnings.catch_warnings():  # platformdirs: XDG_RUNTIME_DIR unset on servers
            warnings.simplefilter("ignore")
            import pgserver

        bundled = Path(pgserver.__file__).parent / "pginstall" / "bin" / name
        if bundled.exists():
            return str(bundled)
    except ImportError:
        pass
    found = shutil.which(name)
    if not found:
        sys.exit(f"{name} not found: install the PostgreSQL client tools.")
    return found


def url_from_settings(settings_dict: dict) -> str:
    """A libpq URI for a Django database settings dict (socket directories percent-encoded)."""
    user = quote(settings_dict.get("USER") or "", safe="")
    password = settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{quote(password, safe='')}@" if password else (f"{user}@" if user else "")
    host = quote(settings_dict.get("HOST") or "", safe="")
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgresql://{credentials}{host}{port}/{quote(settings_dict['NAME'], safe='')}"


def dump(url: str, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            client_tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={path}",
            f"--dbname={url}",
        ],
        check=True,
    )


def restore(url: str, path: Path) -> None:
    """Drop what the archive holds and recreate it from the archive, all or nothing."""
    if not path.is_file():
        sys.exit(f"No backup at {path}.")
    subprocess.run(
        [
            client_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={url}",
            str(path),
        ],
        check=True,
    )


def main(argv: list[str]) -> None:
    if len(argv) != 2 or argv[0] not in {"dump", "restore"}:
        sys.exit(__doc__)
    url = os.environ.get("DATABASE_URL")
    if not url:
        sys.exit("Set DATABASE_URL (the Makefile does).")
    url = url.replace("postgres://", "postgresql://", 1)
    action, path = argv[0], Path(argv[1])
    (dump if action == "dump" else restore)(url, path)
    print(f"{'Backed up to' if action == 'dump' else 'Restored from'} {path}")


if __name__ == "__main__":
    main(sys.argv[1:])
