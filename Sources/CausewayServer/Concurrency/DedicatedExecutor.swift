import NIOCore
import NIOPosix

/// A task executor with a thread of its own. The log's writer runs on one: it is a single
/// serial chain of database round trips, and on the shared pool each of its resumptions
/// queued behind the thousand calls its last commit had just released, which made a batch
/// take three times as long as its SQL (measured: 3.7 ms waiting to start each transaction).
/// On its own thread the writer competes for a core only through the OS scheduler.
final class DedicatedExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked: both stored properties are immutable, and a NIO event loop may be used from
    // any thread; the group is kept only so that the loop outlives this executor's users.
    private let group: MultiThreadedEventLoopGroup
    private let loop: any EventLoop

    init() {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        loop = group.next()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    /// Stops the thread once nothing runs on it any more.
    func shutdown() async {
        try? await group.shutdownGracefully()
    }
}
