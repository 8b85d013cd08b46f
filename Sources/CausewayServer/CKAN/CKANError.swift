import Foundation
import Hummingbird
import Logging

/// A CKAN action error, answered in CKAN's envelope with CKAN's status codes, because CKAN
/// clients (ckanapi among them) branch on `error.__type`.
struct CKANError: Error {
    var status: HTTPResponse.Status
    var type: String
    var message: String
    /// Validation errors by field, as CKAN lists them.
    var fields: [String: [String]] = [:]

    static func notFound(_ message: String = "Not found") -> CKANError {
        CKANError(status: .notFound, type: "Not Found Error", message: message)
    }

    static func validation(_ field: String, _ message: String) -> CKANError {
        CKANError(status: .conflict, type: "Validation Error", message: message, fields: [field: [message]])
    }

    static func authorization(_ message: String) -> CKANError {
        CKANError(status: .forbidden, type: "Authorization Error", message: message)
    }

    /// What CKAN answers when Solr cannot run a query; here, for syntax Causeway does not
    /// support, named, rather than a count that would silently be wrong.
    static func searchQuery(_ message: String) -> CKANError {
        CKANError(status: .conflict, type: "Search Query Error", message: "Search error: \(message)")
    }

    static func badRequest(_ message: String) -> CKANError {
        CKANError(status: .badRequest, type: "Bad Request", message: message)
    }

    func body(help: String) -> JSONValue {
        var error: [String: JSONValue] = ["__type": .string(type), "message": .string(message)]
        for (field, messages) in fields { error[field] = .array(messages.map(JSONValue.string)) }
        return .object(["help": .string(help), "success": .bool(false), "error": .object(error)])
    }
}

/// Catches every error under the CKAN paths and answers in CKAN's shape, not problem+json.
struct CKANErrorMiddleware: RouterMiddleware {
    typealias Context = CausewayContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let ckan = Self.ckanError(for: error, logger: context.logger)
            let action = request.uri.path.split(separator: "/").last.map(String.init) ?? ""
            return try JSONResponse.make(ckan.body(help: CKANRoutes.helpURL(action)), status: ckan.status)
        }
    }

    /// CKAN errors pass through; anything else is mapped as the rest of the API maps it
    /// (``ProblemMapping``), then dressed as the CKAN error of the same meaning.
    static func ckanError(for error: any Error, logger: Logger) -> CKANError {
        if let error = error as? CKANError { return error }
        guard let problem = ProblemMapping.problem(for: error) else {
            logger.error("unhandled CKAN error", metadata: ["error": "\(String(reflecting: error))"])
            return CKANError(status: .internalServerError, type: "Internal Error", message: "The error has been logged.")
        }
        let message = problem.detail ?? problem.title
        switch problem.status {
        case 401, 403: return .authorization(message)
        case 404: return .notFound(message)
        case 409, 422: return .validation(problem.errors?.first?.pointer ?? "request", message)
        default: return CKANError(status: .init(code: problem.status), type: "Bad Request", message: message)
        }
    }
}
