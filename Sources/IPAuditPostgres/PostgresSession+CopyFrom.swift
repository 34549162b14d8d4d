import NIOCore
import PostgresNIO

extension PostgresSession {
    /// `COPY table (columns) FROM STDIN` in the text format, sending `chunks` as they are
    /// (see `PostgresCopyRows`), bounded by the statement deadline like any other statement.
    ///
    /// postgres-nio's copy is async only. Its task prefers the connection's event loop as its
    /// executor: on the shared cooperative pool it could wait forever behind callers that
    /// block pool threads in `wait()` (parallel tests, an async caller), as this one does.
    func copyFrom(table: String, columns: [String], chunks: [ByteBuffer]) throws {
        let eventLoop = connection.eventLoop
        let promise = eventLoop.makePromise(of: Void.self)
        Task(executorPreference: EventLoopTaskExecutor(eventLoop)) { [connection, logger] in
            do {
                try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                    for chunk in chunks { try await writer.write(chunk) }
                }
                promise.succeed(())
            } catch {
                promise.fail(error)
            }
        }
        try run(promise.futureResult)
    }
}

/// Runs a task's jobs on one event loop (see `copyFrom`).
final class EventLoopTaskExecutor: TaskExecutor, @unchecked Sendable {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) { self.eventLoop = eventLoop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
