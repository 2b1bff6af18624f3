"""The organisation digest: per-repository digest JSON pooled into one weekly view (``goodhart rollup``)."""
