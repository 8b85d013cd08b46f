import CausewayCore

/// The CSV reader on arbitrary bytes: it must never crash, and it must read the same records
/// whether the bytes arrive whole or in two pieces split anywhere (an upload arrives in chunks
/// of whatever size the network gives).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let split = size == 0 ? 0 : Int(bytes[0]) % (size + 1)
    for dialect in [CSVDialect.standard, CSVDialect(delimiter: ";")] {
        let whole = records(dialect, [bytes[0..<size]])
        let pieces = records(dialect, [bytes[0..<split], bytes[split..<size]])
        precondition(whole == pieces, "split at \(split) of \(size) bytes changed what was read")
    }
    return 0
}

/// The records read from `chunks` in turn, or nil when the reader refused the input.
func records(_ dialect: CSVDialect, _ chunks: [Slice<UnsafeRawBufferPointer>]) -> [[String]]? {
    var reader = CSVReader(dialect: dialect, maxRecordBytes: 4_096)
    var all: [[String]] = []
    do {
        for chunk in chunks { try reader.read(UnsafeRawBufferPointer(rebasing: chunk)) { all.append($0) } }
        try reader.finish { all.append($0) }
        return all
    } catch {
        return nil
    }
}
