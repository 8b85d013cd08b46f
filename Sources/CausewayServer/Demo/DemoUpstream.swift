import CausewayCore
import Foundation
import Hummingbird
import Logging

/// The health ministry's vulnerable-persons API, as a provider would run it behind the
/// gateway: `causeway demo-upstream` serves it, the demo registers it as a service, and the
/// README tour calls it through the gateway. It answers with every field it holds; the
/// gateway passes on only the agreed ones.
public struct DemoUpstream: Sendable {
    public static let defaultPort = 8081
    public static let fields = ["person_id", "full_name", "date_of_birth", "address_id", "phone", "condition_group",
                                "needs_food_support", "gp_practice"]

    let host: String
    let port: Int
    let logger: Logger
    /// Sees every request as it arrives (tests check the gateway's headers with it).
    let observe: @Sendable (Request) async -> Void

    public init(host: String = "127.0.0.1", port: Int = defaultPort, logger: Logger, observe: @escaping @Sendable (Request) async -> Void = { _ in }) {
        self.host = host
        self.port = port
        self.logger = logger
        self.observe = observe
    }

    /// A deterministic register of residents.
    static let people: [JSONValue] = (1...50).map { number in
        let names = ["Amina Diallo", "Bruno Costa", "Chen Wei", "Dana Cohen", "Emeka Obi", "Fatou Sow", "Goran Ilic", "Hana Sato"]
        let groups = ["respiratory", "immunosuppressed", "cancer", "rare-disease", "transplant"]
        return .object([
            "person_id": .string(String(format: "P%04d", number)), "full_name": .string(names[number % names.count]),
            "date_of_birth": .string(String(format: "19%02d-%02d-%02d", 30 + number % 60, 1 + number % 12, 1 + number % 28)),
            "address_id": .string(String(format: "A-%05d", number * 37)), "phone": .string(String(format: "555-%04d", number)),
            "condition_group": .string(groups[number % groups.count]), "needs_food_support": .bool(number % 3 == 0),
            "gp_practice": .string("GP-\(number % 9)"),
        ])
    }

    public func application() -> some ApplicationProtocol {
        let router = Router()
        let observe = self.observe
        router.get("persons") { request, _ -> Response in
            await observe(request)
            let needs = request.uri.queryParameters["needs_food_support"].map { $0 == "true" }
            let records = Self.people.filter { person in
                guard let needs else { return true }
                if case .object(let fields) = person, case .bool(let value)? = fields["needs_food_support"] { return value == needs }
                return false
            }
            return Self.json(.object(["records": .array(records), "total": .number(Double(records.count))]))
        }
        router.get("letters/:id") { request, context -> Response in
            await observe(request)
            let id = try context.parameters.require("id")
            return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: "Shielding letter for \(id): stay at home, support is on its way.\n")))
        }
        router.get("persons/:id") { request, context -> Response in
            await observe(request)
            let id = try context.parameters.require("id")
            guard let person = Self.people.first(where: { person in
                if case .object(let fields) = person, case .string(let value)? = fields["person_id"] { return value == id }
                return false
            }) else {
                return Self.json(.object(["error": "not found"]), status: .notFound)
            }
            return Self.json(person)
        }
        return Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "meridia-health-api"),
                           logger: logger)
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: JSONWriter.bytes(value)))
    }

    /// The service as the demo registers it, pointing at `baseURL`.
    public static func service(baseURL: String) -> UpstreamAPI {
        UpstreamAPI(provider: "health-ministry", code: "vulnerable-persons-api", title: "Vulnerable persons API",
                        description: "Look up residents advised to shield, one by one or as a list.",
                        baseURL: baseURL, methods: ["GET"], paths: ["/persons", "/persons/*", "/letters/*"], responseFields: fields,
                        personalData: true, timeoutSeconds: 5)
    }
}
