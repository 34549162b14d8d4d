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
                    for chunk in chunks {
                        try await Self.stillOpen(connection)
                        try await writer.write(chunk)
                    }
                    // No suspension between this check and postgres-nio's CopyDone.
                    try await Self.stillOpen(connection)
                }
                promise.succeed(())
            } catch {
                promise.fail(error)
            }
        }
        try run(promise.futureResult)
    }

    /// postgres-nio's COPY writer stops the process (a `preconditionFailure` in its state machine)
    /// when CopyData, CopyDone or CopyFail meet a connection that closed (a server restart, the
    /// deadline's close) while its channel handler is still in the pipeline. The handler is
    /// removed by a task NIO queues on the event loop as the channel closes; this copy runs on
    /// that loop, so after one more turn of it the writer finds no handler and fails the COPY
    /// with an error instead. Checked before every write and before CopyDone.
    static func stillOpen(_ connection: PostgresConnection) async throws {
        guard connection.isClosed else { return }
        try? await connection.eventLoop.submit {}.get()
        throw PostgresFailure(kind: .connectionLost, message: "the connection closed during COPY")
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
