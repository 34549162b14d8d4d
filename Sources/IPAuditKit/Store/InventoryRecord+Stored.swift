import Foundation

extension InventoryRecord {
    /// The stored `labels` column: a JSON object of strings, nil when it is not one. Most rows
    /// hold `{}`, which skips the decoder.
    public static func storedLabels(_ text: String) -> [String: String]? {
        if text == "{}" { return [:] }
        return try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))
    }

    /// Why a stored `vlan` or `line` cannot be kept (the columns hold more than an inventory
    /// row does: a VLAN id, a line number of a file), else nil.
    public static func storedRangeProblem(vlan: Int?, line: Int?) -> (field: String, problem: String)? {
        if let vlan, !(0...4095).contains(vlan) { return ("vlan", "\(vlan) is out of 0...4095") }
        if let line, !(1...Int(UInt32.max)).contains(line) { return ("line", "\(line) is out of range") }
        return nil
    }
}
