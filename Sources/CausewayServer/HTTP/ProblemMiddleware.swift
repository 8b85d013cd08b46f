import Foundation
import Hummingbird
import Logging

/// Turns every error a route throws into an `application/problem+json` response.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    let allowedMethods: AllowedMethods

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem: Problem
            if let error = error as? HTTPError, error.status == .notFound, error.body == nil {
                // The router found no route for this method; if the path exists, say which methods it takes.
                let allowed = allowedMethods.methods(for: request.uri.path)
                if !allowed.isEmpty {
                    let problem = Problem(.methodNotAllowed, code: "route.method", title: "Method not allowed",
                                          detail: "\(request.method) is not accepted here; use \(allowed.joined(separator: ", ")).")
                    var response = ProblemResponse.make(problem, path: request.uri.path)
                    response.headers[.allow] = allowed.joined(separator: ", ")
                    return response
                }
            }
            if let mapped = ProblemMapping.problem(for: error) {
                problem = mapped
            } else {
                context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
                problem = ProblemMapping.internalError
            }
            return ProblemResponse.make(problem, path: request.uri.path)
        }
    }
}

enum ProblemResponse {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func make(_ problem: Problem, path: String) -> Response {
        var problem = problem
        problem.instance = path
        let data = (try? encoder.encode(problem)) ?? Data(#"{"code":"server.error","status":500}"#.utf8)
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if problem.status == 401 { headers[.wwwAuthenticate] = "Bearer" }
        if let retryAfter = problem.retryAfter { headers[.retryAfter] = String(max(1, retryAfter)) }
        return Response(status: .init(code: problem.status), headers: headers, body: .init(byteBuffer: ByteBuffer(data: data)))
    }
}
