import CausewayCore
import Hummingbird
import Logging
import NIOCore

/// The per-request context: Hummingbird's core fields plus who is calling, once the
/// authentication middleware has looked at the request.
public struct CausewayContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The signed-in user, when the request carried a valid session token.
    public var user: User?
    /// The connection's peer: the caller, or the balancer in front of the node.
    public let peer: SocketAddress?

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.user = nil
        self.peer = source.channel.remoteAddress
    }

    /// The caller, or `auth.missing` when there is none.
    public func requireUser() throws -> User {
        guard let user else { throw Problem.authMissing }
        return user
    }

    /// Bodies are collected explicitly per route with their own limits (see ``StrictJSON``).
    public var maxUploadSize: Int { StrictJSON.defaultLimit }
}
