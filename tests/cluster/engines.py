"""The scripts of deploy/cluster/ that start real engines, loaded by path (they are not a package,
and a name such as "postgres" must not shadow anything on sys.path)."""

import importlib.util
from pathlib import Path

FOLDER = Path(__file__).resolve().parents[2] / "deploy" / "cluster"


def load(name):
    spec = importlib.util.spec_from_file_location(f"cluster_{name}", FOLDER / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


postgres = load("postgres")
redis_sentinel = load("redis_sentinel")
