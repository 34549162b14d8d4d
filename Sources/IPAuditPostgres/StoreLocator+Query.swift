import IPAuditKit
import IPAuditStorage

/// What `show`, `history` and `prune` open: a store that answers questions and keeps a retention.
public typealias QueryableStore = IPAuditStore & StoreQuerying & StoreRetaining

extension StoreLocator {
    /// Opens an existing store; never creates one (a typo must not leave an empty store behind).
    /// `.readOnly` opens a SQLite file read-only; PostgreSQL reads run in READ ONLY transactions.
    public static func openExisting(_ location: String, access: SQLiteStore.Access) throws -> any QueryableStore {
        guard exists(location) else {
            throw InputError(file: displayName(location), "no store here (scan --store, probe --save or import write one)")
        }
        guard let store = try open(location, access: access) as? any QueryableStore else {
            throw StoreError(store: displayName(location), reason: "this store cannot answer queries")
        }
        return store
    }
}
