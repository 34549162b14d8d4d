/// One row per block, with the names that locate it.
enum AllocationCSVRenderer {
    static func render(_ outcome: AllocationOutcome) -> String {
        var out = "path,kind,family,prefix,size,region,zone,rack,role,agent\n"
        for line in AllocationTree(outcome.allocations).lines {
            let a = line.allocation
            let cells = [a.path, a.kind, String(a.family), a.prefix.description, a.prefix.size.description,
                         a.region, a.zone ?? "", a.rack ?? "", a.role ?? "", a.agent ?? ""]
            out += cells.map(CSVField.escape).joined(separator: ",") + "\n"
        }
        return out
    }
}
