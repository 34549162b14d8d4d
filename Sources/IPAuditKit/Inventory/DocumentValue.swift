import Foundation

/// Helpers for walking a decoded JSON or YAML tree (`Any` from JSONSerialization or Yams)
/// while keeping the JSON path for error messages.
enum DocumentValue {
    static func object(_ v: Any?) -> [String: Any]? { v as? [String: Any] }
    static func array(_ v: Any?) -> [Any]? { v as? [Any] }

    /// Text of a scalar: strings as they are, numbers and booleans printed; nil for null,
    /// containers and absent keys.
    static func text(_ v: Any?) -> String? {
        switch v {
        case nil: return nil
        case let s as String: return s
        case is NSNull: return nil
        case let b as Bool where !(v is NSNumber): return b ? "true" : "false"
        case let n as NSNumber:
            if String(cString: n.objCType) == "c" { return n.boolValue ? "true" : "false" }
            let d = n.doubleValue
            if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
            return n.stringValue
        case let i as Int: return String(i)
        case let d as Double: return String(d)
        default: return nil
        }
    }

    static func number(_ v: Any?) -> Double? {
        switch v {
        case let n as NSNumber: return n.doubleValue
        case let i as Int: return Double(i)
        case let d as Double: return d
        case let s as String: return Double(s)
        default: return nil
        }
    }

    /// Follows `a.b.c` through nested objects.
    static func lookup(_ v: Any?, _ dotted: String) -> Any? {
        var current = v
        for key in dotted.split(separator: ".") { current = object(current)?[String(key)] }
        return current
    }

    /// Any scalar or container as compact text, for labels.
    static func labelText(_ v: Any?) -> String? {
        if let t = text(v) { return t }
        guard let v, !(v is NSNull), JSONSerialization.isValidJSONObject(v),
              let data = try? JSONSerialization.data(withJSONObject: v, options: [.sortedKeys]) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
