from bot.collect.messages import pr_number, reverted_sha


def test_merge_subjects_name_their_pull_request() -> None:
    assert pr_number("Merge pull request #17 from ada/feature", is_merge=True) == 17


def test_squash_subjects_end_with_the_pull_request_number() -> None:
    assert pr_number("Fix the parser (#123)", is_merge=False) == 123


def test_a_number_mid_subject_is_not_a_pull_request() -> None:
    assert pr_number("Fix (#12) in the middle", is_merge=False) is None
    assert pr_number("Merge branch 'main' into feature", is_merge=True) is None


def test_a_revert_of_a_revert_names_the_last_sha_it_mentions() -> None:
    body = 'Reapply "x"\n\nThis reverts commit aaaaaaa.\n\nThis reverts commit bbbbbbbbbb.\n'
    assert reverted_sha(body) == "bbbbbbbbbb"
    assert reverted_sha("an ordinary body") is None


def test_a_merge_commit_titled_like_its_pull_request_names_it() -> None:
    assert pr_number("Add a pager option (#3781)", is_merge=True) == 3781
    assert pr_number("Merge stable into main.  (#3674)", is_merge=True) == 3674
