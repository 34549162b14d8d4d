import Foundation
import IPAuditStorage

/// A new, empty SQLite store in a folder of its own; the caller removes the folder when done.
public enum TemporaryStore {
    public static func sqlite(named name: String = "s.db") throws -> (SQLiteStore, URL) {
        let dir = try TemporaryDirectory.make(prefix: "ipaudit-store")
        return (try SQLiteStore(path: dir.appendingPathComponent(name).path), dir)
    }
}
