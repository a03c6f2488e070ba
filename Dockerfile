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
RUN useradd --system --create-home steward
WORKDIR /app
# The migrations bundle must sit next to the binary.
COPY --from=build /out/ /app/
USER steward
ENTRYPOINT ["/app/steward"]
CMD ["--help"]
