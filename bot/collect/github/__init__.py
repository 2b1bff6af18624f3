"""GitHub's API -> records: pull requests, reviews, deployments, incidents, story points."""
