"""Inline review comments, counted by the review they belong to, from REST.

GraphQL would nest them under each review of each PR (100 x 100 possible parents: 100 points a page);
REST lists the repository's review comments 100 a request and costs no GraphQL point.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from itertools import count

import requests
from github import Github
from github.GithubException import GithubException

from bot.github.graphql import Spend, rest_failure
from bot.github.repo import Repo


def inline_comments_by_review(github: Github, spend: Spend, repo: Repo, since: datetime) -> dict[int, int]:
    """Review id -> its inline comments, for the comments updated at or after ``since``."""
    listing = github.get_repo(f"{repo.owner}/{repo.name}").get_pulls_review_comments(
        sort="created", direction="desc", since=since
    )
    counts: Counter[int] = Counter()
    for page in count():
        spend.rest_requests += 1
        try:
            batch = listing.get_page(page)
        except (GithubException, requests.RequestException) as error:
            raise rest_failure(error, "reading review comments", "pull-requests: read") from None
        counts.update(c.pull_request_review_id for c in batch if c.pull_request_review_id)
        if len(batch) < 100:
            return dict(counts)
    raise AssertionError("unreachable")
