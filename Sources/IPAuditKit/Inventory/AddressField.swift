import IPCore

/// Reads the `address` field of an inventory row.
///
/// The bytes go straight to IPCore's strict parser (no String on the hot path of a
/// million-row CSV). An interface mask (`10.0.1.10/24`, NetBox's form) is allowed and
/// dropped; an IPv4-mapped IPv6 address is unmapped so it meets its IPv4 twin in the
/// duplicate check.
enum AddressField {
    struct Value {
        var address: IPAddress
        var mappedIPv4: Bool
    }

    static func parse(_ b: UnsafeBufferPointer<UInt8>) throws(IPParseError) -> Value {
        var end = b.count
        for k in 0..<b.count where b[k] == UInt8(ascii: "/") { end = k; break }
        if end < b.count {
            // Validate the mask as a prefix length (strict), but keep the host address.
            _ = try IPPrefix(utf8: b, bareAddress: false, masking: true)
        }
        return normalize(try IPAddress(utf8: UnsafeBufferPointer(rebasing: b[0..<end])))
    }

    static func parse(_ text: String) throws(IPParseError) -> Value {
        var copy = text
        let result: Result<Value, IPParseError> = copy.withUTF8 { b in
            do throws(IPParseError) { return .success(try parse(b)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    static func normalize(_ address: IPAddress) -> Value {
        if case .v6(let a) = address, let v4 = a.unmapped { return Value(address: .v4(v4), mappedIPv4: true) }
        return Value(address: address, mappedIPv4: false)
    }
}

extension AddressField {
    /// An address field of a document: its value, or the error naming file, path and field.
    static func parse(_ text: String, file: String, path: String, field: String) throws -> Value {
        do { return try parse(text) } catch { throw InputError(file: file, path: path, field: field, RedactedValue.explain(error)) }
    }

    /// A prefix field of a document (a pool, subnet or block): its value, or the error naming
    /// file, path and field.
    static func prefix(_ text: String, file: String, path: String, field: String) throws -> IPPrefix {
        do { return try IPPrefix(text) } catch { throw InputError(file: file, path: path, field: field, RedactedValue.explain(error)) }
    }
}
