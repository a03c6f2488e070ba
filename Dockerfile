# Builds the steward binary and runs it on a slim image. Used by docker-compose.yml.
FROM swift:6.1-bookworm AS build
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product steward \
    && mkdir /out \
    && cp "$(swift build -c release --show-bin-path)/steward" /out/ \
    && cp -R "$(swift build -c release --show-bin-path)/steward_StewardPostgres.resources" /out/ \
    && cp -R "$(swift build -c release --show-bin-path)/steward_StewardHTTP.resources" /out/

FROM swift:6.1-bookworm-slim
# Calendars name IANA time zones: the zone database must be on the image.
# curl is for the API's health check in docker-compose.yml.
RUN apt-get update && apt-get install -y --no-install-recommends tzdata curl && rm -rf /var/lib/apt/lists/*
RUN useradd --system --create-home steward
WORKDIR /app
# The migrations and OpenAPI bundles must sit next to the binary; the policy is read from ./workflows.
COPY --from=build /out/ /app/
COPY workflows /app/workflows
USER steward
EXPOSE 8080
ENTRYPOINT ["/app/steward"]
CMD ["--help"]
