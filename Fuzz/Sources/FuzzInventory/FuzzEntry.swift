import IPAuditKit

/// libFuzzer entry for the text inputs people hand ipaudit: byte 0 picks the reader (the CSV
/// tokenizer and row decoder, format auto-detection with JSON/YAML and every inventory reader
/// it reaches, the plan YAML parser, the formats read only by name), the rest is the file. Any input must be read or
/// refused with an error; a trap, a hang or an out-of-bounds read is a crash to fix.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInventory(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    switch data[0] % 4 {
    case 0:
        var loader = InventoryLoader(format: .csv, skipInvalid: data[0] & 0x80 != 0)
        if let inventory = try? loader.load(bytes: bytes, file: "fuzz.csv", source: "fuzz") {
            _ = try? inventory.checkNoControlCharacters()
            _ = Auditor.audit(AuditInput(inventory: inventory))
        }
    case 1:
        var loader = InventoryLoader(format: .auto)
        if let inventory = try? loader.load(bytes: bytes, file: "fuzz", source: "fuzz") {
            _ = Auditor.audit(AuditInput(inventory: inventory))
        }
    case 3:
        // Never auto-detected, so case 1 never reaches it.
        var loader = InventoryLoader(format: .dnsmasqLeases, skipInvalid: data[0] & 0x80 != 0)
        if let inventory = try? loader.load(bytes: bytes, file: "fuzz.leases", source: "fuzz") {
            _ = Auditor.audit(AuditInput(inventory: inventory))
        }
    default:
        _ = try? Plan.parse(yaml: String(decoding: bytes, as: UTF8.self), file: "fuzz.yaml")
    }
    return 0
}
