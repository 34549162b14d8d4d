/// NetBox answers that are not IP addresses or prefixes (devices, virtual machines, IP
/// ranges, interfaces): named for what they are, instead of refused row by row as addresses
/// without an `address`.
enum NetBoxOtherLists {
    /// What the object is, with the endpoint that lists it, or nil for an address or prefix
    /// (or anything not recognized, left to the row checks).
    static func kind(_ o: [String: Any]) -> String? {
        if o["address"] != nil || o["prefix"] != nil { return nil }
        let url = DocumentValue.text(o["url"]) ?? ""
        if o["start_address"] != nil && o["end_address"] != nil || url.contains("/ipam/ip-ranges/") {
            return "NetBox IP ranges (/api/ipam/ip-ranges/)"
        }
        if o["device_type"] != nil || url.contains("/dcim/devices/") { return "NetBox devices (/api/dcim/devices/)" }
        if o["vcpus"] != nil || url.contains("/virtualization/virtual-machines/") {
            return "NetBox virtual machines (/api/virtualization/virtual-machines/)"
        }
        if url.contains("/interfaces/") { return "NetBox interfaces" }
        return nil
    }

    static func refusal(_ kind: String) -> String {
        "\(kind), not IP addresses or prefixes: ipaudit reads /api/ipam/ip-addresses/ (a device's or VM's "
            + "addresses are the ones assigned to its interfaces) and /api/ipam/prefixes/"
    }
}
