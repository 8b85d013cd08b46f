import CausewayCore

/// The RFC 9421 signature base built from fuzzed request parts (split on NUL): it must never
/// crash, and for values that HTTP allows (no line breaks) it must have exactly one line per
/// covered component plus the parameters, so that no value can forge another component's line.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    var parts = text.split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
    while parts.count < 7 { parts.append("") }
    let signature = MessageSignature(method: parts[0], path: parts[1], query: parts[2], client: parts[3], purpose: parts[4],
                                     agreement: parts[5], contentDigest: parts[6].isEmpty ? nil : parts[6],
                                     created: size, nonce: "fuzz", keyID: "k")
    let base = signature.base
    if !parts.prefix(7).contains(where: { $0.contains("\n") || $0.contains("\r") }) {
        precondition(base.split(separator: "\n", omittingEmptySubsequences: false).count == signature.components.count + 1)
    }
    return 0
}
