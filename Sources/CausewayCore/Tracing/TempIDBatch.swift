import Crypto
import Foundation

/// What `getTempIDs` answers: a batch of consecutive TempIDs for one user and when the phone
/// should ask again, with OpenTrace's timing so an OpenTrace app's schedule is unchanged.
///
/// The first TempID starts a minute before `now` (a phone whose clock runs a little behind
/// still has a valid one), each lasts ``Policy/validity`` and the next starts where it ends;
/// the phone refreshes after ``Policy/refresh``, well before the batch runs out (100 × 15
/// minutes is 25 hours against a 12-hour refresh).
public struct TempIDBatch: Sendable, Encodable {
    public struct Item: Sendable, Encodable, Hashable {
        public var tempID: String
        public var startTime: Int64
        public var expiryTime: Int64
    }

    /// OpenTrace's defaults: 100 TempIDs of 15 minutes, refreshed every 12 hours.
    public struct Policy: Sendable, Hashable {
        public var size = 100
        public var validity: Int64 = 15 * 60
        public var refresh: Int64 = 12 * 3600
        /// How far before `now` the first TempID starts.
        public var lead: Int64 = 60

        public init() {}
    }

    public var status = "SUCCESS"
    public var tempIDs: [Item]
    public var refreshTime: Int64

    /// The windows a batch issued at `now` (Unix seconds) covers, without sealing anything.
    public static func windows(now: Int64, policy: Policy = Policy()) -> [(start: Int64, expiry: Int64)] {
        (0..<policy.size).map { index in
            let start = now + policy.validity * Int64(index) - policy.lead
            return (start, start + policy.validity)
        }
    }

    /// Seals a batch for `uid` under `key`. The user id is decoded once and the random IVs
    /// are drawn in one call for the whole batch: per TempID, only the seal itself is left.
    public static func issue(uid: String, key: SymmetricKey, now: Int64, policy: Policy = Policy()) throws(TempID.Failure) -> TempIDBatch {
        guard key.bitCount == 256 else { throw .malformedKey }
        guard uid.count == 28, let uidBytes = Data(base64Encoded: uid), uidBytes.count == TempID.uidBytes else { throw .malformedUID }
        let ivs = SymmetricKey(size: SymmetricKeySize(bitCount: TempID.ivBytes * 8 * policy.size)).withUnsafeBytes { Data($0) }
        var items: [Item] = []
        items.reserveCapacity(policy.size)
        for (index, window) in windows(now: now, policy: policy).enumerated() {
            let id = TempID(uid: uid, start: Int32(clamping: window.start), expiry: Int32(clamping: window.expiry))
            let iv = ivs.subdata(in: (index * TempID.ivBytes)..<((index + 1) * TempID.ivBytes))
            items.append(Item(tempID: try id.sealed(uidBytes: uidBytes, with: key, iv: iv), startTime: window.start, expiryTime: window.expiry))
        }
        return TempIDBatch(tempIDs: items, refreshTime: now + policy.refresh)
    }
}
