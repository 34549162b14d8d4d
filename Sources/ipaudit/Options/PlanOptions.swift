import ArgumentParser

/// `--plan FILE`: the address plan audit, report, scan and probe read (one option, one meaning).
struct PlanOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Address plan (YAML): routable space, zone and rack blocks, pools. Audit judges by all of it, scan by its routable space; probe probes its pools (the part on the link).",
        valueName: "FILE"))
    var plan: String?
}

/// `--allow FILE`: accepted duplicates, the same file for audit, report, scan and probe.
struct AllowListOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Allow-list of accepted duplicates: CSV 'address,entities,reason' (entities separated by ';': names, or MACs on the wire) or YAML/JSON.",
        valueName: "FILE"))
    var allow: String?
}
