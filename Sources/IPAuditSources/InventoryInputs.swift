import IPAuditKit

/// Inventory inputs as the commands take them: FILEs ('-' for standard input) and http(s)://
/// URLs, read by the same readers with the same format detection.
public struct InventoryInputs {
    public var loader: InventoryLoader
    public let http: HTTPSourceSettings
    public let progress: (@Sendable (PullProgress) -> Void)?
    /// What the last input's reader noted, then what its pull noted (pages restarted, ...).
    public private(set) var lastNotes: [String] = []

    public init(loader: InventoryLoader, http: HTTPSourceSettings, progress: (@Sendable (PullProgress) -> Void)? = nil) {
        self.loader = loader
        self.http = http
        self.progress = progress
    }

    public mutating func load(_ location: String, source: String? = nil) throws -> Inventory {
        guard SourceURL.isURL(location) else {
            let inventory = try loader.load(path: location, source: source)
            lastNotes = loader.lastTally.notes
            return inventory
        }
        let document = try InventoryPuller.pull(location, settings: http, progress: progress)
        let inventory = try loader.load(input: document.bytes, name: document.name, source: source ?? document.name)
        lastNotes = loader.lastTally.notes + document.notes
        return inventory
    }

    /// What a location is called in output: a file's path, or the URL without credentials and query.
    public static func displayName(_ location: String) -> String {
        SourceURL.isURL(location) ? SourceURL.displayName(location) : location
    }

    /// The source name rows get by default: a file's name, or the URL without credentials and query.
    public static func defaultSource(_ location: String) -> String {
        SourceURL.isURL(location) ? SourceURL.displayName(location) : InventoryLoader.defaultSource(for: location)
    }

    public static func isURL(_ location: String) -> Bool { SourceURL.isURL(location) }
}
