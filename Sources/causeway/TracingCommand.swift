import ArgumentParser
import CausewayCore
import Crypto
import Foundation

/// `causeway tracing`: contact tracing from a terminal — TempIDs sealed and opened exactly as
/// OpenTrace's cloud functions do (to check an app or another backend against Causeway), and
/// a simulation of a town's phones driving a real node end to end.
struct TracingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tracing",
        abstract: "Contact tracing: TempIDs and the end-to-end simulation.",
        subcommands: [TempIDCommand.self, SimulateCommand.self])
}

/// `causeway tracing tempid encode|decode`.
struct TempIDCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tempid",
        abstract: "Seal or open a BlueTrace TempID (AES-256-GCM, OpenTrace's layout).",
        subcommands: [Encode.self, Decode.self])

    static func key(_ hex: String) throws -> SymmetricKey {
        guard let bytes = Hex.bytes(hex), bytes.count == 32 else {
            throw ValidationError("--key-hex is the 32-byte TempID key as 64 hexadecimal digits")
        }
        return SymmetricKey(data: bytes)
    }

    struct Encode: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the TempID for a user id and validity window.",
            discussion: "The IV is random unless --iv-hex gives one (16 bytes), for reproducible vectors.")

        @Option(help: "The TempID key, 64 hex digits.") var keyHex: String
        @Option(help: "The user id: 28 base64 characters (21 bytes).") var uid: String
        @Option(help: "Start of validity, Unix seconds.") var start: Int32
        @Option(help: "End of validity, Unix seconds.") var expiry: Int32
        @Option(help: "The IV, 32 hex digits (default: random).") var ivHex: String?

        func run() async throws {
            let key = try TempIDCommand.key(keyHex)
            var iv: Data?
            if let ivHex {
                guard let bytes = Hex.bytes(ivHex), bytes.count == TempID.ivBytes else { throw ValidationError("--iv-hex is 16 bytes: 32 hexadecimal digits") }
                iv = Data(bytes)
            }
            do {
                print(try TempID(uid: uid, start: start, expiry: expiry).sealed(with: key, iv: iv))
            } catch {
                throw ValidationError(error.description)
            }
        }
    }

    struct Decode: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a TempID's user id, start and expiry, or why it does not open.")

        @Option(help: "The TempID key, 64 hex digits.") var keyHex: String
        @Argument(help: "The TempID, base64.") var tempID: String

        func run() async throws {
            let key = try TempIDCommand.key(keyHex)
            do {
                let opened = try TempID.open(tempID, with: key)
                print("uid \(opened.uid)")
                print("start \(opened.start) (\(Self.date(opened.start)))")
                print("expiry \(opened.expiry) (\(Self.date(opened.expiry)))")
            } catch {
                throw ValidationError(error.description)
            }
        }

        static func date(_ seconds: Int32) -> String {
            ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        }
    }
}
