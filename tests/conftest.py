from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import responses

from tests.fakegithub import FakeGitHub
from tests.gitrepo import GitRepo


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    return GitRepo(tmp_path / "repo")


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield FakeGitHub().install(mock)
