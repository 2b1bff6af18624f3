"""Repositories that break naive tools: detached HEADs, large binaries, a commit of 100,000 files."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from bot.cli import main
from tests.gitrepo import GitRepo, at

NOW = at("2026-11-18 08:00")


def digest_json(capsys: pytest.CaptureFixture[str], path: Path) -> dict:  # type: ignore[type-arg]
    code = main(["digest", "--repo-path", str(path), "--week", "2026-W46", "--format", "json"], {}, NOW)
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def test_a_detached_head_is_read_like_a_branch(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.commit("one", {"a.py": "x = 1\n"}, when=at("2026-11-10 10:00"))
    repo.commit("two", {"a.py": "x = 2\n"}, when=at("2026-11-11 10:00"))
    repo.git("checkout", "-q", "--detach", "HEAD~1")
    assert digest_json(capsys, repo.path)["weeks"][-1]["commits"] == 1


def test_a_large_binary_file_counts_as_a_binary_change(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.commit("assets", {"video.bin": os.urandom(5_000_000), "a.py": "x = 1\n"}, when=at("2026-11-10 10:00"))
    data = digest_json(capsys, repo.path)
    assert (data["weeks"][-1]["meaningful_lines"], data["excluded"]["binary_files"]) == (1, 1)


def test_a_commit_of_100000_files_is_read_in_one_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "huge"
    path.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=path, check=True)
    stamp = int(at("2026-11-10 10:00").timestamp())
    parts = [f"commit refs/heads/main\ncommitter Ada <ada@example.com> {stamp} +0000\ndata 12\nvendor drop\n".encode()]
    parts.append(b"M 100644 inline README.md\ndata 2\nx\n\n")
    parts += [f"M 100644 inline gen/d{i // 1000}/f{i}.txt\ndata 2\n{i % 10}\n\n".encode() for i in range(100_000)]
    subprocess.run(["git", "fast-import", "--quiet"], cwd=path, check=True, input=b"".join(parts))  # no checkout needed
    data = digest_json(capsys, path)
    assert data["weeks"][-1]["commits"] == 1
    assert data["weeks"][-1]["meaningful_lines"] == 100_001
