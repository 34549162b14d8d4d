/// Something that reads inventory inputs named on a command line, one location at a time:
/// `InventoryLoader` reads files ('-' is standard input); the CLI's reader adds URLs.
public protocol InventoryInputReader {
    /// Reads one location whole; bad input throws `InputError` naming it.
    mutating func read(_ location: String) throws -> Inventory
    /// What the reader noted about the last location (tasks without an address, one page of many).
    var lastNotes: [String] { get }
    /// Bad rows dropped so far under `skipInvalid`.
    var skipped: [InputError] { get }
    /// How a location is named in notes (a URL without its credentials and query).
    func displayName(_ location: String) -> String
}

extension InventoryLoader: InventoryInputReader {
    public mutating func read(_ location: String) throws -> Inventory { try load(path: location) }
    public var lastNotes: [String] { lastTally.notes }
    public func displayName(_ location: String) -> String { location }
}
