"""The token and the App's private key never appear anywhere the bot writes, whatever happens."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from bot.cli import main
from bot.settings import load_settings
from tests.fakegithub import FakeGitHub, deployment, pull
from tests.gitrepo import at

TOKEN = "ghp_S3CRETtoken0123456789abcdefABCDEF"
NOW = at("2026-11-18 08:00")


def private_key() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def test_secrets_never_reach_any_output(
    tmp_path: Path, github: FakeGitHub, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    key = private_key()
    github.pulls = [pull(1, merged=at("2026-11-10 10:00"))]
    github.environments = ["production"]
    github.deployments = [deployment("a" * 40, at("2026-11-11 10:00"))]
    files = {name: tmp_path / name for name in ("summary.md", "output", "temp")}
    files["temp"].mkdir()
    runner = {
        "GITHUB_STEP_SUMMARY": str(files["summary.md"]),
        "GITHUB_OUTPUT": str(files["output"]),
        "RUNNER_TEMP": str(files["temp"]),
        "GOODHART_WRITE_INTERVAL": "0",
    }
    digest = ["digest", "--repo", "acme/shop", "--repo-path", str(tmp_path), "--week", "2026-W46"]
    runs = [
        (digest, {**runner, "GOODHART_TOKEN": TOKEN}),  # publishes
        ([*digest, "--debug"], {**runner, "GOODHART_TOKEN": "revoked-" + TOKEN}),  # 401 with --debug
        ([*digest, "--debug"], {"GOODHART_TOKEN": TOKEN, "GOODHART_LOOKBACK_WEEKS": "many"}),  # bad setting
        ([*digest, "--dry-run", "--format", "json"], {**runner, "INPUT_TOKEN": TOKEN}),
        (
            digest,
            {**runner, "GOODHART_APP_ID": "7", "GOODHART_APP_INSTALLATION_ID": "8", "GOODHART_APP_PRIVATE_KEY": key},
        ),  # an App
        (
            ["pr-check", "--repo", "acme/shop", "--pr", "1", "--repo-path", str(tmp_path)],
            {**runner, "GOODHART_TOKEN": TOKEN},
        ),
    ]
    seen = []
    for argv, environ in runs:
        main(argv, environ, NOW)
        out, err = capsys.readouterr()
        seen += [out, err]
    seen += [record.getMessage() for record in caplog.records]
    seen += [path.read_text() for path in files.values() if path.is_file()]
    seen += [path.read_text() for path in files["temp"].iterdir()]
    settings = load_settings({"repo_path": str(tmp_path)}, {"GOODHART_TOKEN": TOKEN, "GOODHART_APP_PRIVATE_KEY": key})
    seen += [repr(settings), str(settings), settings.model_dump_json()]
    key_body = key.splitlines()[5]
    assert len(seen) > 15
    leaked = [text for text in seen if TOKEN in text or key_body in text]
    assert leaked == []
