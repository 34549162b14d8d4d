import Foundation
import IPAuditKit

/// The committed inventories under fixtures/inventory, loaded as the CLI loads them.
public enum InventoryFixture {
    public static var root: URL { Repository.root.appendingPathComponent("fixtures/inventory") }

    public static func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    public static func load(_ name: String, format: InventoryFormat = .auto) throws -> Inventory {
        var loader = InventoryLoader(format: format)
        return try loader.load(path: path(name))
    }

    public static func csv(_ text: String, file: String = "test.csv") throws -> Inventory {
        var loader = InventoryLoader(format: .csv)
        return try loader.load(bytes: Array(text.utf8), file: file, source: file)
    }
}
