import ArgumentParser
import Foundation
import NIOHTTP1

/// `causeway agreements …`: data sharing agreements on a running node, for stewards and
/// operators who prefer a terminal. Every subcommand is one API call, signed in as a named
/// person, so approvals keep their four eyes.
struct AgreementsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agreements", abstract: "Draft, review, approve and report on data sharing agreements.",
        subcommands: [List.self, Show.self, Draft.self, Transition.self, Renew.self, Stats.self, Templates.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Agreements your agencies are party to, one per line.")
        @OptionGroup var node: NodeOptions
        @Option(help: "Only those where this agency is provider or consumer.") var agency: String?
        @Option(help: "Only those in this state (draft, submitted, approved, active, suspended, expired, revoked, rejected).")
        var state: String?

        func run() async throws {
            var query: [String] = []
            if let agency { query.append("agency=\(agency)") }
            if let state { query.append("state=\(state)") }
            let body = try await call(node, .GET, "/api/v1/agreements" + (query.isEmpty ? "" : "?" + query.joined(separator: "&")))
            for item in body["results"] as? [[String: Any]] ?? [] {
                let target = item["target"] as? [String: Any]
                let columns = [item["id"], item["state"], item["provider"], item["consumer"], target?["id"],
                               (item["purpose"] as? [String: Any])?["code"], item["validUntil"]]
                print(columns.map { "\($0 ?? "-")" }.joined(separator: "\t"))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One agreement as JSON, or its ODRL policy or summary.")
        @OptionGroup var node: NodeOptions
        @Argument(help: "Agreement id.") var id: String
        @Option(help: "json (default), odrl, markdown or html.") var format = "json"

        func run() async throws {
            let path: String
            switch format {
            case "json": path = "/api/v1/agreements/\(id)"
            case "odrl": path = "/api/v1/agreements/\(id)/odrl"
            case "markdown", "html": path = "/api/v1/agreements/\(id)/summary?format=\(format)"
            default: throw ValidationError("--format is json, odrl, markdown or html")
            }
            let client = try await node.connect()
            let (status, data) = try await client.raw(.GET, path)
            try? await client.shutdown()
            guard status == 200 else { throw failure(status, data) }
            print(String(decoding: data, as: UTF8.self))
        }
    }

    struct Draft: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draft an agreement from a template (or, with --file, from a full JSON draft).")
        @OptionGroup var node: NodeOptions
        @Option(help: "A JSON file with the whole draft (the other options then add to it).") var file: String?
        @Option(help: "Template id (see `causeway agreements templates`).") var template: String?
        @Option(help: "Providing agency.") var provider: String?
        @Option(help: "Consuming agency.") var consumer: String?
        @Option(name: .customLong("system"), help: "A consumer system that may call; repeatable.") var systems: [String] = []
        @Option(help: "Dataset id or name.") var dataset: String?
        @Option(name: .customLong("field"), help: "An allowed field; repeatable.") var fields: [String] = []
        @Option(name: .customLong("purpose-code"), help: "Purpose code, when it differs from the template's.") var purposeCode: String?
        @Option(name: .customLong("purpose"), help: "Purpose in words (with --purpose-code).") var purposeDescription: String?
        @Option(help: "Start, ISO 8601 (default: now).") var from: String?
        @Option(help: "End, ISO 8601 (default: the template's period).") var until: String?

        func run() async throws {
            var draft: [String: Any] = [:]
            if let file {
                guard let data = FileManager.default.contents(atPath: file),
                      let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                    throw ValidationError("\(file) is not a JSON object")
                }
                draft = object
            }
            let pairs: [(String, Any?)] = [("template", template), ("provider", provider), ("consumer", consumer), ("dataset", dataset),
                                           ("validFrom", from), ("validUntil", until),
                                           ("systems", systems.isEmpty ? nil : systems), ("fields", fields.isEmpty ? nil : fields)]
            for (key, value) in pairs { if let value { draft[key] = value } }
            if let purposeCode {
                draft["purpose"] = ["code": purposeCode, "description": purposeDescription ?? purposeCode]
            }
            printJSON(try await call(node, .POST, "/api/v1/agreements", json: draft, expecting: 201))
        }
    }

    struct Transition: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "transition",
            abstract: "submit, approve, reject, suspend, resume or revoke one or more agreements.",
            aliases: ["do"])
        @OptionGroup var node: NodeOptions
        @Argument(help: "submit, approve, reject, suspend, resume or revoke.") var action: String
        @Argument(help: "Agreement ids; more than one goes as one batch request.") var ids: [String]
        @Option(help: "Why (required to reject, suspend and revoke).") var reason: String?

        func run() async throws {
            guard ["submit", "approve", "reject", "suspend", "resume", "revoke"].contains(action) else {
                throw ValidationError("the transition is submit, approve, reject, suspend, resume or revoke")
            }
            let body: [String: Any] = reason.map { ["reason": $0] } ?? [:]
            if ids.count == 1 {
                let result = try await call(node, .POST, "/api/v1/agreements/\(ids[0])/\(action)", json: body)
                print("\(ids[0])\t\(result["state"] ?? "-")")
                return
            }
            var batch = body
            batch["agreements"] = ids
            let result = try await call(node, .POST, "/api/v1/agreements/batch/\(action)", json: batch)
            for item in result["results"] as? [[String: Any]] ?? [] {
                let state = (item["agreement"] as? [String: Any])?["state"] ?? (item["problem"] as? [String: Any])?["detail"] ?? "-"
                print("\(item["key"] ?? "-")\t\(item["status"] ?? "-")\t\(state)")
            }
            if (result["failed"] as? Int ?? 0) > 0 { throw ExitCode(1) }
        }
    }

    struct Renew: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Draft a successor of an agreement for the next period.")
        @OptionGroup var node: NodeOptions
        @Argument(help: "Agreement id.") var id: String

        func run() async throws {
            printJSON(try await call(node, .POST, "/api/v1/agreements/\(id)/renew", json: [String: Any](), expecting: 201))
        }
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Per provider: agreements by state and median days to active.")
        @OptionGroup var node: NodeOptions

        func run() async throws {
            let body = try await call(node, .GET, "/api/v1/agreements/stats")
            for provider in body["providers"] as? [[String: Any]] ?? [] {
                let counts = (provider["byState"] as? [String: Int] ?? [:]).filter { $0.value > 0 }.sorted { $0.key < $1.key }
                let median = (provider["medianSecondsToActive"] as? Double).map { String(format: "%.1f days", $0 / 86_400) } ?? "-"
                print("\(provider["provider"] ?? "-")\t\(counts.map { "\($0.key) \($0.value)" }.joined(separator: ", "))\tmedian to active: \(median)")
            }
        }
    }

    struct Templates: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The agreement templates.")
        @OptionGroup var node: NodeOptions

        func run() async throws {
            for template in try await call(node, .GET, "/api/v1/agreement-templates")["results"] as? [[String: Any]] ?? [] {
                print("\(template["id"] ?? "-")\t\(template["agency"] ?? "built-in")\t\(template["title"] ?? "-")")
            }
        }
    }
}

/// One API call: signs in, sends, and turns a refusal into an error message with its code.
private func call(_ node: NodeOptions, _ method: HTTPMethod, _ path: String, json: Any? = nil,
                  expecting expected: Int = 200) async throws -> [String: Any] {
    let client = try await node.connect()
    defer { Task { [client] in try? await client.shutdown() } }
    let (status, data) = try await client.raw(method, path, json: json)
    guard status == expected else { throw failure(status, data) }
    return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
}

private func failure(_ status: Int, _ data: Data) -> ValidationError {
    let problem = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    var message = "\(status) \(problem["code"] ?? ""): \(problem["detail"] ?? problem["title"] ?? String(decoding: data, as: UTF8.self))"
    for error in problem["errors"] as? [[String: Any]] ?? [] {
        message += "\n  \(error["pointer"] ?? ""): \(error["detail"] ?? "")"
    }
    return ValidationError(message)
}

private func printJSON(_ object: [String: Any]) {
    if let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) {
        print(String(decoding: data, as: UTF8.self))
    }
}
