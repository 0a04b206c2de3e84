"""Shared fixtures: the seed folder, and running the real `sitrep` command line in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str

    def json_lines(self) -> list[dict]:
        return [json.loads(line) for line in self.stdout.splitlines() if line.strip()]


@pytest.fixture
def sitrep(tmp_path: Path):
    """Run `python -m bot ARGS` in `tmp_path` (or `cwd`), with a store of its own unless one is given."""

    def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Result:
        environment = {
            k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_", "SITREP_"))
        }
        environment["SITREP_DATABASE_URL"] = f"sqlite:///{tmp_path / 'sitrep.db'}"
        environment["COLUMNS"] = "100"
        # This checkout's code, whichever copy the installed package points at.
        environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
        environment.update(env or {})
        proc = subprocess.run(
            [sys.executable, "-m", "bot", *args],
            cwd=cwd or tmp_path,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
        )
        return Result(proc.returncode, proc.stdout, proc.stderr)

    return run
