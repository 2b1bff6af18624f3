"""The streaming parser, fed by real ``git log`` output from repositories built here."""

from __future__ import annotations

import subprocess

from bot.collect.gitlog import LOG_FORMAT, parse_log
from tests.gitrepo import BOT, GitRepo


def raw_log(repo: GitRepo) -> bytes:
    return subprocess.run(
        ["git", "log", "-z", "--numstat", "-w", "-M", f"--format={LOG_FORMAT}"],
        cwd=repo.path,
        check=True,
        capture_output=True,
    ).stdout


def test_counts_lines_per_file_and_reads_people_and_dates(repo: GitRepo) -> None:
    sha = repo.commit("Add two files", {"a.py": "1\n2\n3\n", "b.py": "x\n"})
    (commit,) = parse_log([raw_log(repo)])
    assert commit.sha == sha
    assert commit.parents == ()
    assert commit.author.email == "ada@example.com"
    assert commit.committed_at.isoformat() == "2026-11-10T12:00:00+00:00"
    assert {(f.path, f.added, f.deleted) for f in commit.files} == {("a.py", 3, 0), ("b.py", 1, 0)}


def test_a_renamed_file_is_named_by_its_new_path_and_counts_only_its_edit(repo: GitRepo) -> None:
    repo.commit("base", {"old.py": "".join(f"line {i}\n" for i in range(20))})
    repo.git("mv", "old.py", "new.py")
    repo.commit("rename", {"new.py": "".join(f"line {i}\n" for i in range(20)) + "extra\n"})
    rename = next(iter(parse_log([raw_log(repo)])))
    (change,) = rename.files
    assert (change.path, change.added, change.deleted) == ("new.py", 1, 0)


def test_binary_files_have_no_line_counts(repo: GitRepo) -> None:
    repo.commit("image", {"logo.png": b"\x89PNG\x00\x01\x02"})
    (commit,) = parse_log([raw_log(repo)])
    assert commit.files[0].is_binary


def test_a_whitespace_only_commit_has_no_files(repo: GitRepo) -> None:
    repo.commit("base", {"a.py": "x = 1\n"})
    sha = repo.commit("reindent", {"a.py": "x  =  1   \n"})
    reindent, _ = parse_log([raw_log(repo)])
    assert reindent.sha == sha
    assert reindent.files == ()


def test_reads_squash_pr_numbers_and_reverts_past_trailers(repo: GitRepo) -> None:
    first = repo.commit("Add feature (#42)", {"a.py": "x\n"})
    repo.commit(
        'Revert "Add feature (#42)"',
        {"a.py": None},
        author=BOT,
    )
    repo.git("commit", "-q", "--amend", "-m", f'Revert "x"\n\nThis reverts commit {first}.\n\nCo-authored-by: Z <z@z>')
    revert, feature = parse_log([raw_log(repo)])
    assert feature.pr_number == 42
    assert revert.reverts == first
    assert revert.author.is_bot


def test_non_utf8_names_and_messages_are_read_not_fatal(repo: GitRepo) -> None:
    (repo.path / "caf\xe9.txt".encode("latin-1").decode("utf-8", "surrogateescape")).write_text("x\n")
    (repo.path / "message").write_bytes(b"caf\xe9 \xff (#7)\n")
    repo.git("add", "caf\udce9.txt")
    repo.git("commit", "-q", "-F", "message")
    (commit,) = parse_log([raw_log(repo)])
    assert commit.pr_number == 7  # the subject is read past bytes that are not UTF-8; git may re-encode them
    assert commit.files[0].added == 1
    assert commit.files[0].path.startswith("caf")


def test_the_result_does_not_depend_on_how_the_stream_is_chunked(repo: GitRepo) -> None:
    for i in range(5):
        repo.commit(f"change {i}", {f"f{i}.py": "a\nb\n", "shared.py": f"{i}\n"})
    raw = raw_log(repo)
    whole = list(parse_log([raw]))
    byte_by_byte = list(parse_log(raw[i : i + 1] for i in range(len(raw))))
    assert whole == byte_by_byte
    assert len(whole) == 5
