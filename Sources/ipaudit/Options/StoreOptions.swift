import ArgumentParser
import Foundation

/// Where state lives: `--store PATH`, else $IPAUDIT_STORE, else ./ipaudit.db.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The store: a SQLite file (default ./ipaudit.db, or $IPAUDIT_STORE) or postgres://USER@HOST:PORT/DB.", valueName: "PATH"))
    var store: String?

    var resolvedPath: String {
        store ?? ProcessInfo.processInfo.environment["IPAUDIT_STORE"] ?? "./ipaudit.db"
    }
}
