@testable import CausewayServer

/// CKAN's `q`/`fq` and `sort` translation on arbitrary text: it must answer with a query or a
/// CKAN error, never crash. (Built in debug, where `@testable` reaches the internal translator.)
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? CKANSearchTranslator.parse(text, parameter: "q")
    _ = try? CKANSearchTranslator.sort(text)
    return 0
}
