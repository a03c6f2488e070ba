// swift-tools-version:6.0
import Foundation
import PackageDescription

/// Our own targets' settings. `.ci/run` sets STEWARD_STRICT=1 to turn their warnings into errors
/// (dependencies are left alone).
let strictSettings: [SwiftSetting] =
    [.enableUpcomingFeature("ExistentialAny")]
    + (ProcessInfo.processInfo.environment["STEWARD_STRICT"] == "1" ? [.unsafeFlags(["-warnings-as-errors"])] : [])

let package = Package(
    name: "steward",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "steward", targets: ["steward"]),
        .library(name: "StewardCore", targets: ["StewardCore"]),
        .library(name: "StewardPostgres", targets: ["StewardPostgres"]),
        .library(name: "StewardRuntime", targets: ["StewardRuntime"]),
        .library(name: "StewardServiceDesk", targets: ["StewardServiceDesk"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        // Pure: the workflow contract, effects, errors, clocks and calendars. No NIO, no Postgres.
        .target(name: "StewardCore", swiftSettings: strictSettings),
        // Pure: the MSA contract's request types, SLA policy, routing rules and report figures.
        .target(
            name: "StewardMSA",
            dependencies: ["StewardCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSettings
        ),
        // The generic store: migrations, engine, job queue, tasks, outbox, repairs. Knows no request type.
        .target(
            name: "StewardPostgres",
            dependencies: [
                "StewardCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Migrations")],
            swiftSettings: strictSettings
        ),
        // Pure: e-mail as RFC 5322 and MIME, composed for sending and parsed when received.
        .target(name: "StewardMail", swiftSettings: strictSettings),
        // A small SMTP client (RFC 5321) on SwiftNIO: STARTTLS or implicit TLS, AUTH PLAIN and LOGIN.
        .target(
            name: "StewardSMTP",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // A private PostgreSQL cluster from the machine's binaries: `steward dev`, `steward bench`, the tests.
        .target(name: "StewardLocalPostgres", dependencies: ["StewardPostgres"], swiftSettings: strictSettings),
        // What the MSA request types need from the store: TAM routing, health-check bookings,
        // contract terms, the directory.
        .target(
            name: "StewardMSAStore",
            dependencies: [
                "StewardCore", "StewardMSA", "StewardPostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // One operation per thing a person does, for an authenticated principal: who may do what and
        // the contract's terms are decided here, once, for every shell.
        .target(
            name: "StewardServiceDesk",
            dependencies: [
                "StewardCore", "StewardMSA", "StewardPostgres", "StewardMSAStore", "StewardMail",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        // Workers: timers, and delivery of the outbox by e-mail (SMTP or the dev mailbox) and webhooks.
        .target(
            name: "StewardRuntime",
            dependencies: [
                "StewardCore",
                "StewardPostgres",
                "StewardMail",
                "StewardSMTP",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        // The HTTP API (JSON and problem+json), the staff console and the customers' portal (HTML):
        // each parses, calls the service desk and renders.
        .target(
            name: "StewardHTTP",
            dependencies: [
                "StewardCore", "StewardMSA", "StewardPostgres", "StewardServiceDesk", "StewardMail",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "StewardBench",
            dependencies: [
                "StewardCore", "StewardPostgres", "StewardRuntime", "StewardLocalPostgres", "StewardServiceDesk", "StewardTestSupport",
                "StewardMSA", "StewardMail", "StewardSMTP", "StewardHTTP",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "steward",
            dependencies: [
                "StewardCore", "StewardMSA", "StewardPostgres", "StewardLocalPostgres", "StewardMSAStore",
                "StewardServiceDesk", "StewardRuntime", "StewardHTTP", "StewardBench", "StewardMail", "StewardSMTP",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        // The throwaway-PostgreSQL harness and the test workflows; the benchmark runs the timer chain too.
        .target(
            name: "StewardTestSupport",
            dependencies: [
                "StewardCore", "StewardPostgres", "StewardLocalPostgres",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "StewardCoreTests", dependencies: ["StewardCore"], swiftSettings: strictSettings),
        .testTarget(name: "StewardMSATests", dependencies: ["StewardMSA"], swiftSettings: strictSettings),
        .testTarget(
            name: "StewardSMTPTests",
            dependencies: [
                "StewardSMTP", "StewardTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "StewardMailTests",
            dependencies: ["StewardMail"],
            resources: [.copy("Corpus")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "StewardPostgresTests",
            dependencies: ["StewardPostgres", "StewardTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "StewardLocalPostgresTests",
            dependencies: ["StewardLocalPostgres", "StewardTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "StewardMSAStoreTests",
            dependencies: ["StewardMSAStore", "StewardTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "StewardServiceDeskTests",
            dependencies: [
                "StewardServiceDesk", "StewardMSAStore", "StewardMSA", "StewardTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "StewardHTTPTests",
            dependencies: [
                "StewardHTTP", "StewardRuntime", "StewardMSAStore", "StewardServiceDesk", "StewardTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "StewardRuntimeTests",
            dependencies: [
                "StewardRuntime", "StewardMSAStore", "StewardMSA", "StewardTestSupport", "StewardLocalPostgres",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
