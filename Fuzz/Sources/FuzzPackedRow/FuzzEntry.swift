import IPAuditKit
import PostgresPackedRows

/// libFuzzer entry for the PostgreSQL audit read's packed-row decoder: the input is the binary
/// form of one `text[]` cell as the server would send it. Whatever the bytes, the decoder must
/// append a checked row or throw; it reads lengths from the input, so every read is bounds-checked.
/// (The decoder lives in its own module without the driver: linked with NIO, the target got no
/// coverage feedback from libFuzzer.)
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPackedRow(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var inventory = Inventory()
    _ = try? PackedInventoryRow.append(packed: UnsafeRawBufferPointer(start: data, count: size), to: &inventory, location: "fuzz")
    if !inventory.isEmpty { _ = inventory.records }
    return 0
}
