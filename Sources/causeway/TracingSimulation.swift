import ArgumentParser
import AsyncHTTPClient
import CausewayCore
import CausewayServer
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// `causeway tracing simulate`: a town's phones driving a real node over HTTP, end to end.
///
/// The command starts a node of its own (on a temporary data directory, with the demo's
/// health ministry and its tracer) whose clock the simulation moves, because phones must
/// hold TempIDs for days that have not happened yet on the wall clock. Then, as the phones
/// of ``TownModel`` would: every phone verifies its number and registers, fetches TempIDs
/// every twelve hours, and records the TempIDs it hears (scans every two minutes, in range up
/// to 8 m, RSSI with 4 dB of noise). At the end a tracer opens a case for one person, issues
/// a code, the phone redeems it and uploads, and the contact list is compared with the
/// model's ground truth: precision and recall of close contacts, and the time from upload to
/// contact list.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Drive a node's contact tracing API as a town's phones would, and score the contact list against ground truth.")

    @Option(help: "People (phones) in the town.") var people = 1_000
    @Option(help: "Days the phones record before the upload (at most 21).") var days = 14
    @Option(help: "Seed of the town and its meetings; the same seed gives the same run.") var seed: UInt64 = 1
    @Option(help: "Requests in flight at once.") var concurrency = 16
    @Option(help: "Seconds between a phone's scans (more scans, more encounters in the upload).") var scanSeconds = 120
    @Option(help: "Data directory of the simulation's node (default: a temporary one, deleted after).") var dataDir: String?
    @Flag(help: "Print the summary as JSON.") var json = false

    func validate() throws {
        guard (2...1_000_000).contains(people) else { throw ValidationError("--people is 2 to 1,000,000") }
        guard (1...21).contains(days) else { throw ValidationError("--days is 1 to 21 (the retention)") }
        guard (1...256).contains(concurrency) else { throw ValidationError("--concurrency is 1 to 256") }
        guard (10...3_600).contains(scanSeconds) else { throw ValidationError("--scan-seconds is 10 to 3,600") }
    }

    /// The simulation's time, which the node reads as its clock.
    final class SimulatedClock: Sendable {
        private let time: Mutex<Date>
        init(_ start: Date) { time = Mutex(start) }
        var now: Date { time.withLock { $0 } }
        func set(_ date: Date) { time.withLock { $0 = date } }
    }

    func run() async throws {
        let began = Date()
        let directory = dataDir ?? FileManager.default.temporaryDirectory.appendingPathComponent("causeway-simulation-\(UUID().uuidString)").path
        defer { if dataDir == nil { try? FileManager.default.removeItem(atPath: directory) } }
        let start = Int64(Date().timeIntervalSince1970 / 86_400) * 86_400
        let clock = SimulatedClock(Date(timeIntervalSince1970: TimeInterval(start)))
        var configuration = NodeConfiguration(host: "127.0.0.1", port: 0, dataDirectory: directory, logLevel: .warning, loadDemo: true)
        configuration.loadDemoHistory = false
        configuration.demoAddressCount = 100
        configuration.clock = { clock.now }
        var logger = Logger(label: "simulation")
        logger.logLevel = .warning
        let node = try await CausewayNode.start(configuration, logger: logger, hasher: PasswordHasher(cost: 4))
        let (ports, listening) = AsyncStream.makeStream(of: Int.self)
        let services = ServiceGroup(configuration: .init(services: [node.application(listening: { listening.yield($0) })], logger: logger))
        let server = Task { try await services.run() }
        defer { server.cancel() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw ValidationError("the simulation's node did not start") }
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(timeout: .init(connect: .seconds(10))))
        defer { Task { try? await http.shutdown() } }
        let client = NodeClient(base: "http://127.0.0.1:\(port)", http: http, token: "")
        let town = TownModel(people: people, seed: seed)
        let index = town.typicalCase()
        let meetings = town.meetings(of: index, days: days, start: start)
        let met = Set(meetings.map(\.other))
        var requests = 0

        // Every phone verifies its number and registers.
        let numbers = (0..<people).map { String(format: "+1555%07d", $0) }
        try await forEach(0..<people) { person in
            let (status, body) = try await client.send(.POST, "/api/v1/tracing/devices/verification", json: ["phoneNumber": numbers[person]])
            guard status == 202 else { throw ValidationError("verification for phone \(person): \(status) \(body)") }
        }
        let codes = try Self.outboxCodes(directory + "/sms-outbox.jsonl")
        let devices = Mutex<[Int: (uid: String, token: String)]>([:])
        try await forEach(0..<people) { person in
            guard let code = codes[numbers[person]] else { throw ValidationError("no SMS code for phone \(person)") }
            let (status, body) = try await client.send(.POST, "/api/v1/tracing/devices", json: ["phoneNumber": numbers[person], "code": code])
            guard status == 201, let uid = body["uid"] as? String, let token = body["deviceToken"] as? String else {
                throw ValidationError("registration of phone \(person): \(status) \(body)")
            }
            devices.withLock { $0[person] = (uid, token) }
        }
        requests += 2 * people
        let registered = devices.withLock { $0 }
        progress("\(people) phones registered", since: began)

        // Every twelve hours every phone fetches TempIDs; the ones the case heard are kept.
        let heard = Mutex<[Int: [(id: String, start: Int64, expiry: Int64)]]>([:])
        var fetches = 0
        for fetchTime in stride(from: start, to: start + Int64(days) * 86_400, by: 12 * 3_600) {
            clock.set(Date(timeIntervalSince1970: TimeInterval(fetchTime)))
            try await forEach(0..<people) { person in
                guard let device = registered[person] else { return }
                let phone = client.with(token: device.token)
                let (status, data) = try await phone.raw(.GET, "/api/v1/tracing/tempids")
                guard status == 200 else { throw ValidationError("TempIDs for phone \(person): \(status)") }
                guard met.contains(person), let batch = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                      let items = batch["tempIDs"] as? [[String: Any]] else { return }
                let ids = items.compactMap { item -> (String, Int64, Int64)? in
                    guard let id = item["tempID"] as? String, let from = (item["startTime"] as? NSNumber)?.int64Value,
                          let to = (item["expiryTime"] as? NSNumber)?.int64Value else { return nil }
                    return (id, from, to)
                }
                heard.withLock { $0[person, default: []].append(contentsOf: ids) }
            }
            fetches += people
            if (fetchTime - start) % 86_400 != 0 {
                progress("day \((fetchTime - start) / 86_400 + 1) of \(days): every phone fetched its TempIDs", since: began)
            }
        }
        requests += fetches

        // The case's phone records what it hears.
        let tempIDs = heard.withLock { $0 }
        var random = SeededRandom(seed: seed, 7)
        let proximity = ProximityModel()
        var records: [[String: Any]] = []
        for meeting in meetings where meeting.meters <= 8 {
            for second in stride(from: 0, to: meeting.minutes * 60, by: scanSeconds) {
                let time = meeting.start + Int64(second)
                guard let id = tempIDs[meeting.other]?.last(where: { $0.start <= time && time < $0.expiry }) else { continue }
                let rssi = Int((proximity.rssi(atMeters: meeting.meters) + random.normal(deviation: 4)).rounded())
                records.append(["timestamp": time, "msg": id.id, "modelC": "Simulated", "modelP": "Simulated", "rssi": max(-110, rssi),
                                "txPower": -7, "org": configuration.tracing.organisation, "v": 2])
            }
        }
        records.sort { ($0["timestamp"] as? Int64 ?? 0) < ($1["timestamp"] as? Int64 ?? 0) }

        // A day after the last one, the person tests positive.
        progress("the case's phone heard \(records.count) encounters; a tracer issues a code and it uploads", since: began)
        clock.set(Date(timeIntervalSince1970: TimeInterval(start + Int64(days) * 86_400 + 3_600)))
        let tracer = try await Self.signIn(client, "hm.tracer", directory: directory)
        let (opened, caseBody) = try await tracer.send(.POST, "/api/v1/tracing/cases", json: ["reference": "SIM-\(seed)-\(index)"])
        guard opened == 201, let caseID = caseBody["id"] as? String else { throw ValidationError("opening the case: \(opened) \(caseBody)") }
        let (issued, codeBody) = try await tracer.send(.POST, "/api/v1/tracing/cases/\(caseID)/upload-codes")
        guard issued == 201, let uploadCode = codeBody["code"] as? String, let device = registered[index] else {
            throw ValidationError("issuing a code: \(issued) \(codeBody)")
        }
        let phone = client.with(token: device.token)
        let (redeemed, tokenBody) = try await phone.send(.POST, "/api/v1/tracing/upload-token", json: ["code": uploadCode])
        guard redeemed == 201, let uploadToken = tokenBody["token"] as? String else { throw ValidationError("redeeming the code: \(redeemed) \(tokenBody)") }
        let document = try JSONSerialization.data(withJSONObject: ["token": uploadToken, "records": records, "events": []])
        // The baseline: reading the same document, the least any server must do with it.
        let decodeStarted = Date()
        _ = try JSONDecoder().decode(EncounterUpload.self, from: document)
        let decodeSeconds = Date().timeIntervalSince(decodeStarted)
        let memoryBefore = ProcessMemory.resetPeak()
        let uploadStarted = Date()
        let (uploaded, receiptData) = try await client.raw(.POST, "/api/v1/tracing/uploads", body: document)
        let receipt = (try? JSONSerialization.jsonObject(with: receiptData)) as? [String: Any] ?? [:]
        guard uploaded == 201 else { throw ValidationError("upload: \(uploaded) \(receipt)") }
        let (listed, listData) = try await tracer.raw(.GET, "/api/v1/tracing/cases/\(caseID)/contacts?purpose=Simulation%20scoring&class=close")
        let uploadToList = Date().timeIntervalSince(uploadStarted)
        let peak = ProcessMemory.peak()
        guard listed == 200, let list = try JSONSerialization.jsonObject(with: listData) as? [String: Any],
              let contacts = list["contacts"] as? [[String: Any]] else { throw ValidationError("contact list: \(listed)") }
        requests += 5

        let person = Dictionary(uniqueKeysWithValues: numbers.enumerated().map { ($1, $0) })
        let found = Set(contacts.compactMap { ($0["phoneNumber"] as? String).flatMap { person[$0] } })
        let truth = TownModel.closeContacts(meetings)
        let hits = found.intersection(truth).count
        let summary = Summary(people: people, days: days, seed: seed, requests: requests, tempIDFetches: fetches,
                              records: records.count, used: receipt["used"] as? Int ?? 0, contactsMet: met.count,
                              trueCloseContacts: truth.count, listedCloseContacts: found.count,
                              precision: found.isEmpty ? 1 : Double(hits) / Double(found.count),
                              recall: truth.isEmpty ? 1 : Double(hits) / Double(truth.count),
                              uploadToContactListSeconds: uploadToList, uploadBytes: document.count, decodeOnlySeconds: decodeSeconds,
                              memoryBeforeUploadMB: memoryBefore.map { $0 / 1_048_576 }, peakMemoryDuringUploadMB: peak.map { $0 / 1_048_576 },
                              totalSeconds: Date().timeIntervalSince(began))
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(summary), as: UTF8.self))
        } else {
            print(summary.text)
        }
        await services.triggerGracefulShutdown()
        _ = await server.result
        await node.shutdown()
    }

    struct Summary: Encodable {
        var people: Int
        var days: Int
        var seed: UInt64
        var requests: Int
        var tempIDFetches: Int
        var records: Int
        var used: Int
        var contactsMet: Int
        var trueCloseContacts: Int
        var listedCloseContacts: Int
        var precision: Double
        var recall: Double
        var uploadToContactListSeconds: Double
        var uploadBytes: Int
        /// Decoding the same document in the simulation's process: the ratio's baseline.
        var decodeOnlySeconds: Double
        /// The process's resident memory before the upload and its peak during upload and list
        /// (node and simulation share the process; Linux only).
        var memoryBeforeUploadMB: Int?
        var peakMemoryDuringUploadMB: Int?
        var totalSeconds: Double

        var text: String {
            """
            town: \(people) phones over \(days) days (seed \(seed)); \(requests) requests, \(tempIDFetches) TempID fetches
            case's upload: \(records) encounters (\(used) used) with \(contactsMet) people
            close contacts: \(listedCloseContacts) listed, \(trueCloseContacts) in the ground truth
            precision \(String(format: "%.3f", precision)), recall \(String(format: "%.3f", recall))
            upload to contact list: \(String(format: "%.3f", uploadToContactListSeconds)) s for \(uploadBytes / 1024) KiB \
            (decoding alone \(String(format: "%.3f", decodeOnlySeconds)) s); peak memory \(peakMemoryDuringUploadMB.map { "\($0) MB" } ?? "unknown")
            whole run \(String(format: "%.1f", totalSeconds)) s
            """
        }
    }

    /// A line on standard error, so a long run shows where it is (the summary goes to standard output).
    func progress(_ text: String, since began: Date) {
        FileHandle.standardError.write(Data("simulate: \(text) (\(Int(Date().timeIntervalSince(began))) s)\n".utf8))
    }

    /// Runs `body` for every element with at most ``concurrency`` at once.
    func forEach(_ elements: Range<Int>, _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = elements.lowerBound
            for _ in 0..<min(concurrency, elements.count) {
                let element = next
                group.addTask { try await body(element) }
                next += 1
            }
            while try await group.next() != nil {
                if next < elements.upperBound {
                    let element = next
                    group.addTask { try await body(element) }
                    next += 1
                }
            }
        }
    }

    /// The newest code the outbox holds for each number.
    static func outboxCodes(_ path: String) throws -> [String: String] {
        var codes: [String: String] = [:]
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
            guard let message = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String],
                  let to = message["to"], let text = message["text"],
                  let code = text.split(whereSeparator: { !$0.isNumber }).first(where: { $0.count == 6 }) else { continue }
            codes[to] = String(code)
        }
        return codes
    }

    static func signIn(_ client: NodeClient, _ username: String, directory: String) async throws -> NodeClient {
        let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/demo-credentials.json"))
        let users = (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["users"] as? [[String: Any]] ?? []
        guard let password = users.first(where: { $0["username"] as? String == username })?["password"] as? String else {
            throw ValidationError("the demo has no \(username)")
        }
        let (status, body) = try await client.send(.POST, "/api/v1/session", json: ["username": username, "password": password])
        guard status == 201, let token = body["token"] as? String else { throw ValidationError("sign-in of \(username): \(status)") }
        return client.with(token: token)
    }
}

/// The process's resident memory from /proc (Linux), for the simulation's figures.
enum ProcessMemory {
    /// Resets the peak ("VmHWM") to the current size and returns the current size in bytes.
    static func resetPeak() -> Int? {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
        return field("VmRSS")
    }

    /// The peak resident size since the last reset, in bytes.
    static func peak() -> Int? { field("VmHWM") }

    static func field(_ name: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }),
              let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
        return kilobytes * 1024
    }
}
