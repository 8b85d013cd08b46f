// swift-tools-version:6.2
import PackageDescription

/// Settings every Causeway target shares: Swift 6 language mode (strict concurrency is
/// implied) plus the upcoming features that keep imports and existentials explicit.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "causeway",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "causeway", targets: ["causeway"]),
        .library(name: "CausewayCore", targets: ["CausewayCore"]),
        .library(name: "CausewayStore", targets: ["CausewayStore"]),
        .library(name: "CausewayServer", targets: ["CausewayServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(
            url: "https://github.com/apple/swift-configuration.git", from: "1.4.0",
            traits: [.defaults, "JSON", "CommandLineArguments"]
        ),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        // Hash tries for the catalogue index: a copy shares all but the path a write changes.
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // The gateway's upstream client (pooled connections, streaming bodies) and the CLI's.
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        // The portal's and console's pages: logic-less templates kept apart from the code.
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        // The few loops that need an instruction Swift's portable build cannot assume (POPCNT
        // for record linkage's comparisons), in C with runtime dispatch.
        .target(
            name: "CausewayKernels",
            cSettings: [.unsafeFlags(["-O2"])]
        ),
        .target(
            name: "CausewayCore",
            dependencies: [
                "CausewayKernels",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HashTreeCollections", package: "swift-collections"),
            ],
            // Optimised in debug builds too: the domain logic is pure computation that the tests
            // run at scale (a million noise samples per distribution, a town of phones), and
            // unoptimised it is twenty times slower. Assertions still hold: -O keeps preconditions.
            swiftSettings: swiftSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        .target(
            name: "CausewayStore",
            dependencies: [
                "CausewayCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CausewayServer",
            dependencies: [
                "CausewayCore",
                "CausewayStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            // Compiled into the binary, so that a node stays one file to deploy.
            resources: [
                .embedInCode("Resources/openapi.json"),
                .embedInCode("Resources/Templates"),
                .embedInCode("Resources/Static"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "causeway",
            dependencies: [
                "CausewayServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
        // Component benchmarks the scripts under bench/ run (not shipped).
        .executableTarget(
            name: "CausewayBench",
            dependencies: [
                "CausewayServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CausewayCoreTests",
            dependencies: ["CausewayCore"],
            // transparency-dev/merkle's proof probes, read by path from the test.
            exclude: ["Transparency/Vectors"],
            // Optimised like CausewayCore: the noise tests draw millions of samples through its
            // inlinable samplers, specialised here for the seeded generator.
            swiftSettings: swiftSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        // What the store and server tests share: fresh databases of either engine.
        .target(
            name: "CausewayTestSupport",
            dependencies: ["CausewayStore", .product(name: "Logging", package: "swift-log")],
            path: "Tests/CausewayTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CausewayStoreTests",
            dependencies: ["CausewayStore", "CausewayTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CausewayServerTests",
            dependencies: [
                "CausewayServer",
                "CausewayTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                // Reads Server-Sent Events streams as they arrive.
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
