"""The README stays honest: every command, option, configuration key and variable is documented."""

from __future__ import annotations

import re
import typing

import pytest
from pydantic import BaseModel

from bot.cli import _parser
from bot.config import AppConfig, Settings
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
ENV_EXAMPLE = (ROOT / ".env.example").read_text(encoding="utf-8")


def _models(annotation: object) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models(arg)]


def config_keys(model: type[BaseModel] = AppConfig, prefix: str = "") -> set[str]:
    keys: set[str] = set()
    for name, field in model.model_fields.items():
        key = f"{prefix}{name}"
        keys.add(key)
        for sub in _models(field.annotation):
            keys |= config_keys(sub, f"{key}.")
    return keys


def commands() -> dict[str, list[str]]:
    parser = _parser()
    subparsers = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return {
        name: [opt for action in sub._actions for opt in action.option_strings if opt.startswith("--")]
        for name, sub in subparsers.choices.items()
    }


@pytest.mark.parametrize("key", sorted(config_keys()))
def test_every_config_key_is_in_the_readme(key):
    assert f"`{key}`" in README


@pytest.mark.parametrize("command", sorted(commands()))
def test_every_command_and_option_is_in_the_readme(command):
    assert f"`sitrep {command}" in README
    for option in commands()[command]:
        assert option in README, f"{command} {option}"


@pytest.mark.parametrize("variable", sorted(name.upper() for name in Settings.model_fields))
def test_every_variable_is_in_the_readme_and_env_example(variable):
    assert variable in README
    assert re.search(rf"^{variable}=", ENV_EXAMPLE, re.MULTILINE)


def test_readme_opens_with_the_two_setup_commands():
    block = re.search(r"```sh\n(.*?)```", README, re.DOTALL)
    assert block is not None
    lines = block.group(1).strip().splitlines()
    assert lines == [
        'python -m pip install -e ".[test]" && sitrep run --once',
        'python -m pip install -e ".[test]" && python -m pytest',
    ]
    assert README.index("```sh") < README.index("##")
