import GRDB

extension SQLiteStore {
    /// Runs a bulk write (`body`, one transaction) under SQLite's rollback journal instead of
    /// the WAL when `bulk` and no other connection has the file open; under the WAL otherwise.
    ///
    /// Why: in WAL mode every page of a bulk load is written twice (into the WAL, then copied
    /// into the file by the checkpoint, which reads it back first): for a million-row import
    /// that was 300 MB of writes and a third of the import's CPU time in the kernel. The
    /// rollback journal keeps only the pages the transaction changes that existed before it,
    /// which for rows appended to a table is next to nothing.
    ///
    /// Still atomic: the journal is the undo log, so a run killed mid-write leaves a hot journal
    /// that the next open rolls back, and WAL mode is set again by the next writing command
    /// (`SQLiteStore.init`). Leaving WAL mode needs the only connection to the file, so it is
    /// tried without waiting: a watcher or an audit with the store open keeps the WAL (and its
    /// readers never block); one that opens the store during the load waits for its commit,
    /// within the store's busy timeout.
    func withBulkJournal<T>(_ bulk: Bool, _ body: () throws -> T) throws -> T {
        guard bulk else { return try body() }
        let switched = try dbQueue.writeWithoutTransaction { db -> Bool in
            try db.execute(sql: "PRAGMA busy_timeout = 0")
            defer { try? db.execute(sql: "PRAGMA busy_timeout = \(Self.busySeconds * 1000)") }
            guard (try? String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE")) == "delete" else { return false }
            // Every sync a rollback journal needs, so a power cut cannot tear the commit either.
            try db.execute(sql: "PRAGMA synchronous = FULL")
            return true
        }
        defer {
            if switched {
                try? dbQueue.writeWithoutTransaction { db in
                    try db.execute(sql: "PRAGMA journal_mode = WAL")
                    try db.execute(sql: "PRAGMA synchronous = NORMAL")
                }
            }
        }
        return try body()
    }
}
