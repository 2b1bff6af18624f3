"""Collectors: the outside world (git, GitHub) turned into plain records."""
