import Foundation
import Hummingbird

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
            let ckan: CKANError
            switch error {
            case let error as CKANError:
                ckan = error
            case let problem as Problem where problem.status == 413:
                ckan = CKANError(status: .contentTooLarge, type: "Bad Request", message: problem.detail ?? "Body too large")
            case let problem as Problem where problem.status == 401 || problem.status == 403:
                ckan = .authorization(problem.detail ?? problem.title)
            case let problem as Problem:
                ckan = .validation(problem.errors?.first?.pointer ?? "request", problem.detail ?? problem.title)
            case let error as HTTPError where error.status == .contentTooLarge:
                ckan = CKANError(status: .contentTooLarge, type: "Bad Request", message: "The request body is too large")
            default:
                context.logger.error("unhandled CKAN error", metadata: ["error": "\(String(reflecting: error))"])
                ckan = CKANError(status: .internalServerError, type: "Internal Error", message: "The error has been logged.")
            }
            let action = request.uri.path.split(separator: "/").last.map(String.init) ?? ""
            return try JSONResponse.make(ckan.body(help: CKANRoutes.helpURL(action)), status: ckan.status)
        }
    }
}
