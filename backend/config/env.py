"""Deploy-time configuration read from the environment.

Every variable is documented in `.env.example` at the repository root. Bad values raise
`ImproperlyConfigured` at start-up, so a misconfigured deploy fails before serving.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()

REPO_DIR = Path(__file__).resolve().parent.parent.parent


def secret(name: str) -> str | None:
    """Value of `name`, or the contents of the file named by `name_FILE` (Docker secrets)."""
    value = env.str(name, default=None)
    path = env.str(f"{name}_FILE", default=None)
    if value and path:
        raise ImproperlyConfigured(f"Set {name} or {name}_FILE, not both.")
    if path:
        try:
            return Path(path).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={path} cannot be read: {exc}") from exc
    return value


def data_dir() -> Path:
    """Where the embedded defaults keep their files (SQLite, broker queue, media, cache)."""
    path = Path(env.str("DATA_DIR", default=str(REPO_DIR / "data"))).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path
