"""The release rewrites action.yml to run the prebuilt image by digest, and changes nothing else."""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
PIN = ROOT / ".ci" / "pin-action-image"
IMAGE = "docker://ghcr.io/goodhart-bot/goodhart-bot@sha256:" + "ab" * 32


def pin(action: Path, image: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(PIN), image, str(action)], capture_output=True, text=True, check=False)


def test_the_release_points_the_action_at_the_image_and_keeps_every_other_line(tmp_path: Path) -> None:
    action = tmp_path / "action.yml"
    action.write_text((ROOT / "action.yml").read_text())
    assert pin(action, IMAGE).returncode == 0
    before, after = yaml.safe_load((ROOT / "action.yml").read_text()), yaml.safe_load(action.read_text())
    assert (before["runs"]["image"], after["runs"]["image"]) == ("Dockerfile", IMAGE)
    assert {**after, "runs": {**after["runs"], "image": "Dockerfile"}} == before


def test_the_main_branch_builds_from_the_dockerfile_so_that_uses_dot_runs_the_checkout() -> None:
    assert yaml.safe_load((ROOT / "action.yml").read_text())["runs"]["image"] == "Dockerfile"


def test_a_reference_that_is_not_a_docker_image_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    action = tmp_path / "action.yml"
    action.write_text((ROOT / "action.yml").read_text())
    result = pin(action, "docker://x|rm -rf /")
    assert result.returncode == 2 and "not a docker:// image reference" in result.stderr
    assert action.read_text() == (ROOT / "action.yml").read_text()


def test_an_action_already_pinned_is_not_pinned_twice(tmp_path: Path) -> None:
    action = tmp_path / "action.yml"
    action.write_text((ROOT / "action.yml").read_text())
    pin(action, IMAGE)
    again = pin(action, IMAGE.replace("ab", "cd"))
    assert again.returncode == 1 and "no '  image: Dockerfile' line" in again.stderr
    assert yaml.safe_load(action.read_text())["runs"]["image"] == IMAGE
