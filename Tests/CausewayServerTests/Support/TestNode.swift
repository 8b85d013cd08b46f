import CausewayCore
import CausewayServer
import CausewayStore
import CausewayTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

/// A real node on a loopback port with its own data directory, for one test.
struct TestNode: Sendable {
    let node: CausewayNode
    let client: any TestClientProtocol

    static var logger: Logger {
        var logger = Logger(label: "test-node")
        logger.logLevel = .warning
        return logger
    }

    /// A node's settings on a fresh database of `engine` (a new SQLite file in its data
    /// directory, or a new database in the test PostgreSQL cluster), unless `database` names one.
    static func configuration(demo: Bool, dataDirectory: String? = nil, database: DatabaseLocation? = nil,
                              engine: Database.Engine = .sqlite, history: Bool = false) async throws -> NodeConfiguration {
        let directory = dataDirectory ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("causeway-node-\(UUID().uuidString)").path
        var location = database
        if location == nil, engine == .postgres { location = try await TestDatabase.location(.postgres) }
        var configuration = NodeConfiguration(host: "127.0.0.1", port: 0, dataDirectory: directory, database: location,
                                              logLevel: .warning, publicURL: "http://causeway.test", loadDemo: demo)
        // Many nodes run at once in the suite: a small pool each keeps PostgreSQL's connections in bounds.
        configuration.databaseConnections = 2
        // The demo's weeks of generated calls only where a test looks at them: they would change
        // every count the other tests make, and cost each node's start.
        configuration.loadDemoHistory = history
        // Enough addresses for the registries' tests, few enough to load in a blink.
        configuration.demoAddressCount = 600
        return configuration
    }

    /// Starts a node (bcrypt at its cheapest, so demo users load fast) on a fresh database of
    /// `engine` unless `configuration` is given, runs `body` against it over HTTP, and shuts it down.
    static func with<T: Sendable>(
        demo: Bool = true, engine: Database.Engine = .sqlite, configuration: NodeConfiguration? = nil,
        auditSink: (any AuditSink)? = nil, _ body: @escaping @Sendable (TestNode) async throws -> T
    ) async throws -> T {
        let settings: NodeConfiguration
        if let configuration {
            settings = configuration
        } else {
            settings = try await Self.configuration(demo: demo, engine: engine)
        }
        let node = try await CausewayNode.start(settings, logger: logger,
                                                hasher: PasswordHasher(cost: 4), auditSink: auditSink)
        do {
            let result = try await node.application().test(.live) { client in
                try await body(TestNode(node: node, client: client))
            }
            await node.shutdown()
            return result
        } catch {
            await node.shutdown()
            throw error
        }
    }

    // MARK: Requests

    @discardableResult
    func request(
        _ method: HTTPRequest.Method, _ uri: String, json: String? = nil, token: String? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = extra
        if json != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    /// Signs in as a demo user and returns the bearer token.
    func token(_ username: String, password given: String? = nil) async throws -> String {
        let password = try #require(try given ?? demoPassword(username))
        let response = try await request(.post, "/api/v1/session", json: #"{"username":"\#(username)","password":"\#(password)"}"#)
        #expect(response.status == .created)
        return try #require(try response.json()["token"]?.stringValue)
    }

    /// Every entry of the node's log as `/log/entries` serves it (after signing a checkpoint
    /// over all of them): the entry's bytes as text, in log order.
    func logEntryTexts() async throws -> [String] {
        try await logEntries(size: try await node.checkpoints.publish().size)
    }

    /// The first `size` entries as `/log/entries` serves them, page after page.
    func logEntries(size: UInt64) async throws -> [String] {
        var texts: [String] = []
        while UInt64(texts.count) < size {
            let entries = try await request(.get, "/log/entries?start=\(texts.count)&end=\(size)").json()["entries"]?.arrayValue ?? []
            guard !entries.isEmpty else { break }
            texts += entries.compactMap { $0["entry"]?.stringValue.flatMap { Data(base64Encoded: $0) } }.map { String(decoding: $0, as: UTF8.self) }
        }
        return texts
    }

    /// The log's entries read back as events.
    func logEvents() async throws -> [AuditEvent] {
        try await logEntryTexts().compactMap { try? AuditEvent(document: Data($0.utf8)) }
    }

    func demoPassword(_ username: String) throws -> String? {
        let data = try Data(contentsOf: URL(fileURLWithPath: node.configuration.dataDirectory + "/demo-credentials.json"))
        let credentials = try JSONDecoder().decode(JSONValue.self, from: data)
        guard case .array(let users)? = credentials["users"] else { return nil }
        return users.first { $0["username"]?.stringValue == username }?["password"]?.stringValue
    }
}

/// Collects what a node's audit relay delivers, to check that every transition is emitted.
actor RecordingAuditSink: AuditSink {
    private(set) var events: [AuditEvent] = []

    func record(_ events: [AuditEvent]) async throws {
        self.events += events
    }
}

/// Waits for `condition` to hold, checking every 10 ms, for at most `deadline`: for what
/// another node or a background loop does in its own time. Returns whether it held.
func eventually(within deadline: Duration = .seconds(5), _ condition: @Sendable () async throws -> Bool) async throws -> Bool {
    let clock = ContinuousClock()
    let end = clock.now.advanced(by: deadline)
    while clock.now < end {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(10))
    }
    return try await condition()
}

extension TestResponse {
    func json() throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(buffer: body))
    }

    var text: String { String(buffer: body) }

    /// Checks that this is a problem+json response with `status` and `code`.
    func expectProblem(_ status: HTTPResponse.Status, _ code: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(self.status == status, "\(text)", sourceLocation: sourceLocation)
        #expect(headers[.contentType] == "application/problem+json", sourceLocation: sourceLocation)
        let body = try json()
        #expect(body["code"]?.stringValue == code, "\(text)", sourceLocation: sourceLocation)
        #expect(body["status"]?.intValue == Int(status.code), sourceLocation: sourceLocation)
        #expect(body["title"]?.stringValue?.isEmpty == false, sourceLocation: sourceLocation)
    }
}

extension JSONValue {
    subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    subscript(index: Int) -> JSONValue? {
        if case .array(let array) = self, array.indices.contains(index) { return array[index] }
        return nil
    }

    var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var intValue: Int? {
        if case .number(let value) = self { return Int(value) }
        return nil
    }

    var doubleValue: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }
}
