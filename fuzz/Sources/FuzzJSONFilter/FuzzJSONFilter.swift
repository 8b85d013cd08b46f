import CausewayCore
import Foundation

/// The gateway's JSON field filter, differentially against Foundation: whenever Foundation
/// reads the input as JSON and the filter reduces it, the reduction must read as JSON too and
/// hold none of the keys the agreement does not allow at the top level of any object.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let filter = JSONFieldFilter(allowed: ["id", "name"])
    guard let reduced = filter.reduce(input) else { return 0 }
    guard (try? JSONSerialization.jsonObject(with: Data(input), options: [.fragmentsAllowed])) != nil else { return 0 }
    guard let parsed = try? JSONSerialization.jsonObject(with: Data(reduced.bytes), options: [.fragmentsAllowed]) else {
        preconditionFailure("valid JSON in, invalid JSON out: \(String(decoding: input, as: UTF8.self))")
    }
    let objects = (parsed as? [Any])?.compactMap { $0 as? [String: Any] } ?? [parsed as? [String: Any]].compactMap { $0 }
    for object in objects where !Set(object.keys).isSubset(of: ["id", "name", "records"]) {
        preconditionFailure("a key that is not allowed passed: \(object.keys.sorted())")
    }
    return 0
}
