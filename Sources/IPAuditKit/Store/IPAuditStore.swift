/// Everything the commands need from a store: allocations, inventories and scan
/// observations. `SQLiteStore` (one file) and `PostgresStore` (fleet mode) both conform,
/// so a command opens "a store" and never cares which engine is behind it.
public typealias IPAuditStore = AllocationStoring & InventoryStoring & ObservationStoring & AuditStateReading & WireVerdictStoring
