# The Goodhart bot as a Docker container action. Two stages: the wheel is built in the first, so the
# image carries no build tools; git is the only system package (the bot reads the checkout with it).
FROM python:3.12-slim-bookworm AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY templates ./templates
RUN pip install --no-cache-dir build==1.2.2.post1 \
    && python -m build --wheel --outdir /dist

FROM python:3.12-slim-bookworm
RUN apt-get update \
    && apt-get install -y --no-install-recommends git=1:2.39.5-0+deb12u3 \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /dist/ /tmp/dist/
RUN pip install --no-cache-dir /tmp/dist/*.whl \
    && rm -rf /tmp/dist
# Docker actions run as the image's default user, root, as GitHub requires; the workspace is mounted.
ENTRYPOINT ["goodhart"]
