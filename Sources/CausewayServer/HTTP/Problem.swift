import Foundation
import HTTPTypes

/// An RFC 9457 problem detail. Every refusal Causeway gives has one, with a stable `code` that
/// clients may branch on (the human `title` and `detail` may change).
public struct Problem: Error, Sendable, Codable, Hashable {
    public var type: String
    public var title: String
    public var status: Int
    public var detail: String?
    public var code: String
    public var instance: String?
    /// Field-level errors, for validation problems.
    public var errors: [FieldErrorBody]?
    /// Seconds to wait before trying again; also sent as `Retry-After`.
    public var retryAfter: Int?
    /// An extension member (RFC 9457 § 3.2) for `privacy.budget-exhausted`: what is left of
    /// the budget and when it renews, as the privacy layer states it.
    public var budget: JSONValue?

    public struct FieldErrorBody: Sendable, Codable, Hashable {
        public var pointer: String
        public var detail: String
    }

    public init(_ status: HTTPResponse.Status, code: String, title: String, detail: String? = nil,
                errors: [FieldErrorBody]? = nil) {
        self.type = "https://causeway.dev/problems/" + code
        self.title = title
        self.status = status.code
        self.detail = detail
        self.code = code
        self.errors = errors
    }
}

extension Problem {
    static func malformed(_ detail: String) -> Problem {
        Problem(.badRequest, code: "request.malformed", title: "The request could not be read", detail: detail)
    }

    static func invalid(_ detail: String, errors: [FieldErrorBody]? = nil) -> Problem {
        Problem(.unprocessableContent, code: "request.invalid", title: "The request is not valid", detail: detail, errors: errors)
    }

    static func badParameter(_ name: String, _ detail: String) -> Problem {
        Problem(.badRequest, code: "request.parameter", title: "A query parameter is not valid",
                detail: "\(name): \(detail)", errors: [.init(pointer: "?\(name)", detail: detail)])
    }

    static func notFound(_ kind: String, _ key: String) -> Problem {
        Problem(.notFound, code: "\(kind).not-found", title: "No such \(kind)", detail: "There is no \(kind) '\(key)'.")
    }

    static func conflict(_ kind: String, _ key: String) -> Problem {
        Problem(.conflict, code: "\(kind).exists", title: "That \(kind) already exists",
                detail: "The \(kind) '\(key)' is already taken.")
    }

    static let authMissing = Problem(.unauthorized, code: "auth.missing", title: "Authentication required",
                                     detail: "Send 'Authorization: Bearer <token>' from POST /api/v1/session.")
    static func authInvalid(_ detail: String) -> Problem {
        Problem(.unauthorized, code: "auth.invalid", title: "The credentials were not accepted", detail: detail)
    }
    /// Too many failed sign-ins or token requests: wait `seconds`.
    static func throttled(_ seconds: Int) -> Problem {
        var problem = Problem(.tooManyRequests, code: "auth.throttled", title: "Too many failed attempts",
                              detail: "Too many wrong credentials for this name or from this address; try again in \(seconds) s.")
        problem.retryAfter = seconds
        return problem
    }
    static func forbidden(_ detail: String) -> Problem {
        Problem(.forbidden, code: "auth.forbidden", title: "Not allowed", detail: detail)
    }
}
