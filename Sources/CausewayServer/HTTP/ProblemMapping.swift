import CausewayCore
import CausewayStore
import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1

/// The one place errors become problems. Anything not recognised is logged and answered with
/// a bare 500 problem: no stack trace or internal message ever reaches a client.
enum ProblemMapping {
    static func problem(for error: any Error) -> Problem? {
        switch error {
        case let problem as Problem:
            return problem
        case let error as ValidationError:
            return .invalid(
                error.errors.count == 1 ? "\(error.errors[0].pointer): \(error.errors[0].detail)"
                    : "\(error.errors.count) fields are not valid.",
                errors: error.errors.map { .init(pointer: $0.pointer, detail: $0.detail) })
        case let error as AccessChange.Failure:
            switch error {
            case .forbidden(let detail): return .forbidden(detail)
            case .fourEyes(let detail): return Problem(.forbidden, code: "dataset.access-change.four-eyes", title: "Another person must decide", detail: detail)
            case .notApplicable(let detail): return Problem(.conflict, code: "dataset.access-change.state", title: "Not possible now", detail: detail)
            case .reasonRequired: return .invalid("A reason is required.", errors: [.init(pointer: "/reason", detail: "required")])
            }
        case let error as AgreementError:
            return agreementProblem(error)
        case let error as AgreementRepository.ChangedMeanwhile:
            return Problem(.conflict, code: "agreement.changed", title: "The agreement changed meanwhile",
                           detail: "Agreement \(error.id) was changed by someone else while this request was processed; read it again and retry.")
        case let error as StoreError:
            switch error {
            case .notFound(let kind, let key): return .notFound(kind.replacingOccurrences(of: " ", with: "-"), key)
            case .conflict(let kind, let key): return .conflict(kind.replacingOccurrences(of: " ", with: "-"), key)
            case .accessWouldOpen(let dataset, let from, let to):
                return Problem(.forbidden, code: "dataset.access-change-required", title: "Opening data needs two people",
                               detail: "Dataset \(dataset) is \(from): opening it to \(to) needs a data steward and a DPO of its agency. "
                                   + "Propose it with POST /api/v1/datasets/\(dataset)/access-changes.")
            case .invalidConfiguration, .schemaTooNew: return nil
            }
        case let error as HTTPParserError:
            // A body the HTTP parser could not read (a chunk size of `ZZ`, say): the caller's fault.
            return .malformed("The request body could not be read: \(error).")
        case is NIOTooManyBytesError:
            return tooLarge
        case let error as DecodingError:
            return .malformed(StrictJSON.describe(error))
        case let error as HTTPError:
            switch error.status {
            case .contentTooLarge:
                return tooLarge
            case .notFound:
                return Problem(.notFound, code: "route.not-found", title: "No such resource",
                               detail: error.body ?? "Nothing is served at this path.")
            case .methodNotAllowed:
                return Problem(.methodNotAllowed, code: "route.method", title: "Method not allowed", detail: error.body)
            default:
                guard (400..<500).contains(error.status.code) else { return nil }
                return Problem(error.status, code: "request.invalid", title: error.status.reasonPhrase, detail: error.body)
            }
        default:
            return nil
        }
    }

    static func agreementProblem(_ error: AgreementError) -> Problem {
        switch error {
        case .forbidden(let detail):
            return .forbidden(detail)
        case .transition(let state, let action):
            return Problem(.conflict, code: "agreement.transition", title: "Not possible in this state",
                           detail: "An agreement that is \(state.rawValue) cannot be \(action.pastTense).")
        case .periodEnded:
            return Problem(.conflict, code: "agreement.transition", title: "Not possible in this state",
                           detail: "The agreement's validity period has ended; renew it to draft a successor.")
        case .fourEyes(let detail):
            return Problem(.forbidden, code: "agreement.four-eyes", title: "Four eyes required", detail: detail)
        case .reasonRequired(let action):
            return .invalid("A reason is required to \(action.rawValue) an agreement.",
                            errors: [.init(pointer: "/reason", detail: "required to \(action.rawValue)")])
        }
    }

    static let tooLarge = Problem(.contentTooLarge, code: "request.too-large", title: "The request body is too large",
                                  detail: "The body exceeds the limit for this endpoint (1 MiB for JSON documents).")

    static let internalError = Problem(.internalServerError, code: "server.error", title: "Internal error",
                                       detail: "The error has been logged.")
}
