import ArgumentParser
import Foundation
import IPAuditKit

/// Where state lives: `--store PATH`, else $IPAUDIT_STORE, else ./ipaudit.db.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The store: a SQLite file (default ./ipaudit.db, or $IPAUDIT_STORE) or postgres://USER@HOST:PORT/DB.", valueName: "PATH"))
    var store: String?

    /// True when the user named a store (option or environment), even an empty one.
    var isGiven: Bool { store != nil || ProcessInfo.processInfo.environment["IPAUDIT_STORE"] != nil }

    /// The store's location. An empty one is refused: SQLite would open a private temporary
    /// database, so a run would report success and keep nothing.
    func resolvedPath() throws -> String {
        try Self.checked(store, environment: ProcessInfo.processInfo.environment)
    }

    static func checked(_ option: String?, environment: [String: String]) throws -> String {
        if let option {
            guard !option.isEmpty else { throw InputError(field: "--store", "the store path is empty") }
            return option
        }
        if let value = environment["IPAUDIT_STORE"] {
            guard !value.isEmpty else { throw InputError(field: "IPAUDIT_STORE", "the store path is empty (unset it to use ./ipaudit.db)") }
            return value
        }
        return "./ipaudit.db"
    }
}
