// swift-tools-version:6.2
import Foundation
import PackageDescription

/// libFuzzer harnesses for the parsers that take untrusted bytes (issue 14): a package of its
/// own, so that the main build and CI never compile them. `bench/fuzz.sh` builds it with
/// `swift build --sanitize fuzzer` and runs each harness for a set time. Each target is one file
/// defining `LLVMFuzzerTestOneInput`; libFuzzer supplies `main`, hence `-parse-as-library`.
let harness: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]
/// The Causeway package, by its identity: the name of the folder it was cloned into.
let causeway = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
    name: "causeway-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(name: "FuzzCSV", dependencies: [.product(name: "CausewayCore", package: causeway)], swiftSettings: harness),
        .executableTarget(name: "FuzzJSONFilter", dependencies: [.product(name: "CausewayCore", package: causeway)], swiftSettings: harness),
        .executableTarget(name: "FuzzSignatureBase", dependencies: [.product(name: "CausewayCore", package: causeway)], swiftSettings: harness),
        .executableTarget(name: "FuzzSignedNote", dependencies: [.product(name: "CausewayCore", package: causeway)], swiftSettings: harness),
        .executableTarget(name: "FuzzCKANQuery", dependencies: [.product(name: "CausewayServer", package: causeway)], swiftSettings: harness),
    ],
    swiftLanguageModes: [.v6]
)
