import GRDB
import IPAuditKit

/// Retention on the SQLite file: each batch is one IMMEDIATE transaction of at most `limit`
/// rows per table, so a watcher's flush waits for one batch at most, and a kill loses no
/// committed batch and touches no row newer than the bound.
extension SQLiteStore: StoreRetaining {
    public func pruneBatch(before: Double, limit: Int) throws -> PruneCount {
        try write { db in
            try db.execute(sql: """
                DELETE FROM observation WHERE (domain, address, mac) IN
                    (SELECT domain, address, mac FROM observation WHERE last_seen < ? LIMIT ?)
                """, arguments: [before, limit])
            let observations = db.changesCount
            try db.execute(sql: """
                DELETE FROM wire_event WHERE id IN (SELECT id FROM wire_event WHERE time < ? ORDER BY time LIMIT ?)
                """, arguments: [before, limit])
            let events = db.changesCount
            try Self.trimCoverage(db, before: before)
            return PruneCount(observations: observations, events: events)
        }
    }

    public func retention() throws -> Double? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT value FROM store_setting WHERE key = ?",
                                arguments: [StoreSettingKey.retentionSeconds]).flatMap(Double.init)
        }
    }

    public func setRetention(_ seconds: Double?) throws {
        try write { db in
            if let seconds {
                try db.execute(sql: """
                    INSERT INTO store_setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value
                    """, arguments: [StoreSettingKey.retentionSeconds, String(seconds)])
            } else {
                try db.execute(sql: "DELETE FROM store_setting WHERE key = ?", arguments: [StoreSettingKey.retentionSeconds])
            }
        }
    }
}
