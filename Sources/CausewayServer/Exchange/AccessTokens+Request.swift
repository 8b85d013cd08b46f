import CausewayCore
import Hummingbird

extension AccessTokens {
    /// The `agency/system` behind a request's `Authorization: Bearer <access token>`, or the
    /// problem to answer with: every endpoint that machines call with a client-credentials
    /// token (the gateway, the citizen's view) refuses alike. A token issued under a client
    /// secret that `policy` no longer holds live is refused: revoking a secret kills its tokens
    /// as soon as the node's policy snapshot has the revocation (at once on the revoking node).
    func client(of request: Request, policy: PolicySnapshot) async throws -> (agency: String, system: String) {
        guard let header = request.headers[.authorization] else { throw Problem.authMissing }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw Problem.authInvalid("Use 'Authorization: Bearer <access token>' from POST /oauth/token.")
        }
        let client: (agency: String, system: String, secret: String?)
        do {
            client = try await verify(String(parts[1]))
        } catch {
            throw Problem.authInvalid("The access token is invalid, expired or not for the exchange; get a new one from POST /oauth/token.")
        }
        guard policy.isLive(secret: client.secret) else {
            throw Problem.authInvalid("The client secret this token was issued under has been revoked; get a new token with a live secret.")
        }
        return (client.agency, client.system)
    }
}
