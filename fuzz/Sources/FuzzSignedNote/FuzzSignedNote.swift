import CausewayCore
import Crypto
import Foundation

/// The C2SP signed-note and checkpoint parsers on arbitrary text: verifier keys, notes opened
/// with a fixed key, checkpoint bodies. None may crash, and no fuzzed note may open under the
/// fixed key unless it is exactly a note that key signed.
let signer: NoteSigner = {
    guard let signer = try? NoteSigner(name: "fuzz.example/log", key: .init(rawRepresentation: Data(repeating: 7, count: 32))) else {
        preconditionFailure("the fixed key is valid")
    }
    return signer
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? NoteVerifier(encoded: text)
    _ = try? NoteSigner(encoded: text)
    _ = try? Checkpoint(text: text)
    if let body = try? signer.verifier.open(text) {
        precondition((try? signer.sign(body)) == text, "a note opened that the key did not sign")
    }
    return 0
}
