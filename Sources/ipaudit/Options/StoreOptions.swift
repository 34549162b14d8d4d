import ArgumentParser
import Foundation
import IPAuditKit

/// Where state lives: `--store PATH`, else $IPAUDIT_STORE, else ./ipaudit.db. Every command
/// takes the store through this one group, so the option and the variable mean the same
/// everywhere; `scan` and `probe`, whose store is optional, use `givenPath()` (no default file).
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The store: a SQLite file or postgres://USER@HOST:PORT/DB (default $IPAUDIT_STORE, else ./ipaudit.db where the command needs one).",
        valueName: "PATH"))
    var store: String?

    /// True when the user named a store (option or environment), even an empty one.
    var isGiven: Bool { store != nil || ProcessInfo.processInfo.environment["IPAUDIT_STORE"] != nil }

    /// The store's location. An empty one is refused: SQLite would open a private temporary
    /// database, so a run would report success and keep nothing.
    func resolvedPath() throws -> String {
        try Self.checked(store, environment: ProcessInfo.processInfo.environment)
    }

    /// The store the user named (option or environment), nil when neither is set: for
    /// commands that only use a store when told to (scan saves to one, probe reads one).
    func givenPath() throws -> String? { isGiven ? try resolvedPath() : nil }

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
