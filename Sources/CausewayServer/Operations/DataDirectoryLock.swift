#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// An exclusive lock on a data directory, held by `causeway serve` for as long as it runs: a
/// second node on the same directory refuses to start, and `causeway admin restore` refuses to
/// replace a database a node is serving from. A `flock(2)` on `<data dir>/node.lock`: the
/// kernel drops it when the process ends, however it ends, so a crashed node leaves no stale
/// lock behind.
///
/// Invariant: while an instance exists, its descriptor holds the lock. Immutable, so sendable.
public final class DataDirectoryLock: Sendable {
    let descriptor: Int32

    public struct Held: Error, CustomStringConvertible {
        public let directory: String
        public var description: String {
            "a Causeway node is running on \(directory) (it holds \(directory)/node.lock); stop it first"
        }
    }

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Takes the lock, or throws ``Held`` when a running node has it.
    public static func acquire(in directory: String) throws -> DataDirectoryLock {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let descriptor = open(directory + "/node.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: directory + "/node.lock"]) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw Held(directory: directory)
        }
        return DataDirectoryLock(descriptor: descriptor)
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
