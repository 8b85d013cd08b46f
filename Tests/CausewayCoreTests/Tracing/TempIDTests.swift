import CausewayCore
import Crypto
import Foundation
import Testing

/// TempIDs byte for byte as OpenTrace's cloud functions seal them. The vector was computed
/// independently with Python's `cryptography` (AESGCM with a 16-byte IV, then ciphertext ‖ IV
/// ‖ tag in base64); the interop suite checks random ones the same way.
@Suite("BlueTrace TempIDs")
struct TempIDTests {
    static let key = SymmetricKey(data: Data(0..<32))
    static let iv = Data(0..<16)
    static let vector = "bscMDT9WB8OwrRyChukZ2uOuEllG0o1TRGETxgoAAQIDBAUGBwgJCgsMDQ4PX8hQo6M65t2CThAzw2wL4g=="

    @Test func sealsTheIndependentVector() throws {
        let id = TempID(uid: "CausewayTestUser0001abcdefgh", start: 1_600_000_000, expiry: 1_600_000_900)
        #expect(try id.sealed(with: Self.key, iv: Self.iv) == Self.vector)
        #expect(try TempID.open(Self.vector, with: Self.key) == id)
    }

    @Test func randomIVsStillOpen() throws {
        let uid = TempID.randomUID()
        #expect(TempID.isWellFormed(uid: uid))
        let id = TempID(uid: uid, start: 10, expiry: 910)
        let first = try id.sealed(with: Self.key)
        let second = try id.sealed(with: Self.key)
        #expect(first != second)
        #expect(first.count == 84)
        #expect(try TempID.open(first, with: Self.key) == id)
        #expect(id.isValid(at: 10) && id.isValid(at: 909) && !id.isValid(at: 910) && !id.isValid(at: 9))
    }

    @Test func forgedTruncatedAndForeignTempIDsAreRefused() throws {
        var bytes = [UInt8](try #require(Data(base64Encoded: Self.vector)))
        bytes[3] ^= 1
        #expect(throws: TempID.Failure.notSealedUnderThisKey) { try TempID.open(Data(bytes).base64EncodedString(), with: Self.key) }
        #expect(throws: TempID.Failure.wrongLength(60)) { try TempID.open(Data(bytes.dropLast()).base64EncodedString(), with: Self.key) }
        #expect(throws: TempID.Failure.notBase64) { try TempID.open("not base64!", with: Self.key) }
        #expect(throws: TempID.Failure.notSealedUnderThisKey) { try TempID.open(Self.vector, with: SymmetricKey(size: .bits256)) }
        #expect(throws: TempID.Failure.malformedUID) { try TempID(uid: "short", start: 0, expiry: 1).sealed(with: Self.key) }
    }

    @Test func aBatchFollowsOpenTracesSchedule() throws {
        let batch = try TempIDBatch.issue(uid: TempID.randomUID(), key: Self.key, now: 1_700_000_000)
        #expect(batch.tempIDs.count == 100)
        #expect(batch.refreshTime == 1_700_000_000 + 12 * 3600)
        #expect(batch.tempIDs.first?.startTime == Int64(1_699_999_940))
        for (index, item) in batch.tempIDs.enumerated() {
            #expect(item.expiryTime - item.startTime == 900)
            if index > 0 { #expect(item.startTime == batch.tempIDs[index - 1].expiryTime) }
            let opened = try TempID.open(item.tempID, with: Self.key)
            #expect(Int64(opened.start) == item.startTime && Int64(opened.expiry) == item.expiryTime)
        }
    }

    @Test func codesAndPhoneNumbers() {
        #expect(TracingCodes.phoneNumber("+44 (20) 7946-0958") == "+442079460958")
        #expect(TracingCodes.phoneNumber("020 7946 0958") == nil)
        #expect(TracingCodes.phoneNumber("+0123456789") == nil)
        #expect(TracingCodes.phoneNumber("+12") == nil)
        let code = TracingCodes.newUploadCode()
        #expect(code.count == 6)
        #expect(TracingCodes.hash(code.lowercased()) == TracingCodes.hash(code))
        #expect(TracingCodes.hash(String(code.prefix(3)) + " " + String(code.dropFirst(3))) == TracingCodes.hash(code))
    }
}
