import Hummingbird

extension AccessTokens {
    /// The `agency/system` behind a request's `Authorization: Bearer <access token>`, or the
    /// problem to answer with: every endpoint that machines call with a client-credentials
    /// token (the gateway, the citizen's view) refuses alike.
    func client(of request: Request) async throws -> (agency: String, system: String) {
        guard let header = request.headers[.authorization] else { throw Problem.authMissing }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw Problem.authInvalid("Use 'Authorization: Bearer <access token>' from POST /oauth/token.")
        }
        do {
            return try await verify(String(parts[1]))
        } catch {
            throw Problem.authInvalid("The access token is invalid, expired or not for the exchange; get a new one from POST /oauth/token.")
        }
    }
}
