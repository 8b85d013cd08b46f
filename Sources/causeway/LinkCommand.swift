import ArgumentParser
import CausewayCore
import Foundation

/// `causeway link`: privacy-preserving record linkage from a terminal. `encode` is the step
/// each agency runs on its own machine, so names and dates never leave it: the encodings are
/// clkhash's, bit for bit, so a party may use either tool.
struct LinkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Privacy-preserving record linkage: encode records into CLKs locally, and match encodings.",
        subcommands: [Encode.self, Match.self])

    /// clkhash's JSON of encodings read back.
    static func clks(_ path: String) throws -> [CLK] {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path)) else { throw ValidationError("cannot read \(path)") }
        do { return try CLKList.decode(data) } catch { throw ValidationError("\(path): \(error)") }
    }

    struct Match: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Match two parties' encodings by Dice similarity, one to one (as anonlink's greedy solver).",
            discussion: """
                Prints {"matches": [[row in the first file, row in the second, similarity], …], "candidates": N, "comparisons": N}, \
                rows counted from 0. With --all, every pair at or above the threshold instead of a one-to-one matching.
                """)

        @Option(help: "The least Dice similarity of a match, in (0, 1].") var threshold: Double
        @Flag(help: "Every pair at or above the threshold, not one-to-one.") var all = false
        @Argument(help: "The first party's encodings (clkhash's JSON).") var first: String
        @Argument(help: "The second party's encodings.") var second: String

        func run() async throws {
            guard threshold > 0, threshold <= 1 else { throw ValidationError("--threshold is in (0, 1]") }
            let left = try LinkCommand.clks(first), right = try LinkCommand.clks(second)
            if let a = left.first, let b = right.first, a.bitCount != b.bitCount {
                throw ValidationError("the files' encodings have \(a.bitCount) and \(b.bitCount) bits: they were not made with one schema")
            }
            let matcher = LinkageMatcher(threshold: threshold)
            let (candidates, comparisons) = matcher.candidates(left, right)
            let chosen = all ? candidates : LinkageMatcher.greedy(candidates)
            let rows = chosen.map { "[\($0.first), \($0.second), \($0.similarity)]" }.joined(separator: ", ")
            print("{\"matches\": [\(rows)], \"candidates\": \(candidates.count), \"comparisons\": \(comparisons)}")
        }
    }

    struct Encode: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Encode a CSV file's records into CLKs (Bloom filter encodings), as clkhash does.",
            discussion: """
                The file's header must name the schema's features in order. The output is clkhash's JSON \
                ({"clks": [base64, …]}), one encoding per record, in the file's order. Every party of a linkage \
                uses the same schema and secret; agree the secret outside Causeway and keep it from the linkage \
                service. See docs/record-linkage.md.
                """)

        @Option(help: "The linkage schema (clkhash's version 3 JSON).") var schema: String
        @Option(help: "A file holding the shared secret (its bytes, a trailing newline dropped).") var secretFile: String?
        @Option(help: "The shared secret itself (visible to other users of this machine: prefer --secret-file).") var secret: String?
        @Option(name: .shortAndLong, help: "Where to write the encodings (default: standard output).") var output: String?
        @Flag(help: "Print progress on standard error.") var progress = false
        @Flag(help: "Write a linkage project's upload: the encodings with the schema they were made with ({\"schema\": …, \"clks\": […]}).")
        var withSchema = false
        @Flag(help: "Balance each encoding (append its complement, shuffle with the secret): every encoding then has the same number of bits set. clkhash cannot read these; a linkage project must be made balanced.")
        var balance = false
        @Argument(help: "The CSV file of records.") var file: String

        func run() async throws {
            let schemaData: Data
            do { schemaData = try Data(contentsOf: URL(fileURLWithPath: schema)) } catch { throw ValidationError("cannot read the schema \(schema)") }
            let parsed: LinkageSchema
            do { parsed = try JSONDecoder().decode(LinkageSchema.self, from: schemaData) } catch {
                throw ValidationError("\(schema) is not a clkhash linkage schema: \(error)")
            }
            let secretBytes: [UInt8]
            switch (secretFile, secret) {
            case (let path?, nil):
                guard var text = try? Data(contentsOf: URL(fileURLWithPath: path)) else { throw ValidationError("cannot read \(path)") }
                if text.last == 0x0A { text.removeLast() }
                if text.last == 0x0D { text.removeLast() }
                secretBytes = [UInt8](text)
            case (nil, let value?): secretBytes = Array(value.utf8)
            default: throw ValidationError("give the shared secret with --secret-file (or --secret), one of them")
            }
            guard !secretBytes.isEmpty else { throw ValidationError("the secret is empty") }
            let encoder: CLKEncoder
            do { encoder = try CLKEncoder(schema: parsed, secret: secretBytes) } catch {
                throw ValidationError("the schema is not valid: " + error.errors.map { "\($0.pointer): \($0.detail)" }.joined(separator: "; "))
            }
            guard let handle = FileHandle(forReadingAtPath: file) else { throw ValidationError("cannot read \(file)") }
            defer { try? handle.close() }

            var reader = CSVReader()
            var clks: [[UInt8]] = []
            var header = true
            var failure: (any Error)?
            func take(_ record: [String]) throws {
                // A blank line is no record.
                if record == [""] { return }
                if header {
                    header = false
                    try encoder.checkHeader(record)
                    return
                }
                do {
                    clks.append(try encoder.encode(record))
                } catch {
                    throw ValidationError("record \(clks.count + 1): \(error)")
                }
                if progress && clks.count % 10_000 == 0 { FileHandle.standardError.write(Data("\(clks.count) records encoded\n".utf8)) }
            }
            do {
                while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                    try chunk.withUnsafeBytes { try reader.read($0, take) }
                }
                try reader.finish(take)
            } catch {
                failure = error
            }
            if let failure {
                if let invalid = failure as? LinkageTokens.InvalidValue { throw ValidationError(invalid.description) }
                throw failure
            }
            if balance {
                let balancing = CLKBalancing(secret: secretBytes, bits: parsed.clkConfig.l)
                clks = clks.map(balancing.balance)
            }
            let json = CLKList.encode(clks, schema: withSchema ? schemaData : nil)
            if let output {
                try json.write(to: URL(fileURLWithPath: output))
            } else {
                FileHandle.standardOutput.write(json)
            }
            if progress { FileHandle.standardError.write(Data("\(clks.count) records encoded\n".utf8)) }
        }
    }
}
