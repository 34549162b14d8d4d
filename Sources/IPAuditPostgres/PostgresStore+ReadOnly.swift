import IPAuditKit

extension PostgresStore {
    /// A read-only command's check, as SQLite's `checkReadable`: the schema must be there and
    /// complete, read in a READ ONLY transaction, so reading never writes to the database.
    func checkReadable() throws {
        let store = location.description
        try transaction(idempotent: true, begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") { s in
            let present = try s.query("SELECT to_regclass('schema_migrations') IS NOT NULL").first?.decode(Bool.self) ?? false
            guard present else {
                throw StoreError(store: store, reason: "no ipaudit store in this database; "
                                 + "a writing command (import, scan --store, probe --save) creates one")
            }
            let applied = Set(try s.query("SELECT version FROM schema_migrations").map { try $0.decode(String.self) })
            let known = Set(PostgresSchema.migrations.map(\.version))
            let unknown = applied.subtracting(known).sorted()
            if !unknown.isEmpty {
                throw StoreError(store: store, reason: "written by a newer ipaudit (schema \(applied.count), "
                                 + "migrations \(unknown.joined(separator: ", "))), this is schema \(known.count); use the newer ipaudit")
            }
            if !known.isSubset(of: applied) {
                throw StoreError(store: store, reason: "written by an older ipaudit and opened read-only; "
                                 + "run a writing command (import, allocate) once to upgrade it")
            }
        }
    }
}
