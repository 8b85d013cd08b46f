import HummingbirdBcrypt
import NIOPosix

/// bcrypt, run off the event loops: a hash takes tens of milliseconds by design, and doing it
/// on an event loop would stall every other request on that loop.
public struct PasswordHasher: Sendable {
    /// 2^cost rounds. 11 is about 100 ms on the reference machine: slow for a guesser, fine for a login.
    public var cost: UInt8

    public init(cost: UInt8 = 11) {
        self.cost = cost
    }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
