# Builds the steward binary and runs it on a slim image. Used by docker-compose.yml.
FROM swift:6.1-bookworm AS build
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product steward \
    && mkdir /out \
    && cp "$(swift build -c release --show-bin-path)/steward" /out/ \
    && cp -R "$(swift build -c release --show-bin-path)/steward_StewardPostgres.resources" /out/

FROM swift:6.1-bookworm-slim
# Calendars name IANA time zones: the zone database must be on the image.
RUN apt-get update && apt-get install -y --no-install-recommends tzdata && rm -rf /var/lib/apt/lists/*
RUN useradd --system --create-home steward
WORKDIR /app
# The migrations bundle must sit next to the binary; the policy is read from ./workflows.
COPY --from=build /out/ /app/
COPY workflows /app/workflows
USER steward
ENTRYPOINT ["/app/steward"]
CMD ["--help"]
