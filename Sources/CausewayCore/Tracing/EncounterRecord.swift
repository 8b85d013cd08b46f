import Foundation

/// One encounter as an OpenTrace phone uploads it (its `StreetPassRecord`): when it heard
/// another phone, the TempID it heard (`msg`), both phones' models, the received signal
/// strength, the advertised transmit power, the organisation code and the protocol version.
///
/// Decoding never fails: a record with a missing or mistyped field decodes with
/// ``isMalformed`` set, so that an upload's bad records are counted by reason rather than
/// failing the whole upload or vanishing.
public struct EncounterRecord: Sendable, Hashable, Decodable {
    /// Unix seconds (the app divides its milliseconds by 1000 before uploading).
    public var timestamp: Int64
    public var msg: String?
    public var modelC: String
    public var modelP: String
    public var rssi: Int
    public var txPower: Int?
    public var org: String
    public var v: Int
    /// True when a required field was missing or of the wrong type.
    public var isMalformed: Bool

    public init(timestamp: Int64, msg: String?, modelC: String, modelP: String, rssi: Int, txPower: Int?, org: String, v: Int = 2) {
        self.timestamp = timestamp
        self.msg = msg
        self.modelC = modelC
        self.modelP = modelP
        self.rssi = rssi
        self.txPower = txPower
        self.org = org
        self.v = v
        isMalformed = false
    }

    enum Key: String, CodingKey {
        case timestamp, msg, modelC, modelP, rssi, txPower, org, v
    }

    public init(from decoder: any Decoder) {
        guard let container = try? decoder.container(keyedBy: Key.self) else {
            self.init(timestamp: 0, msg: nil, modelC: "", modelP: "", rssi: 0, txPower: nil, org: "")
            isMalformed = true
            return
        }
        func integer(_ key: Key) -> Int64? {
            if let value = try? container.decode(Int64.self, forKey: key) { return value }
            if let value = try? container.decode(Double.self, forKey: key), value.isFinite, abs(value) < 1e15 { return Int64(value) }
            return nil
        }
        let timestamp = integer(.timestamp)
        let rssi = integer(.rssi)
        let modelC = try? container.decode(String.self, forKey: .modelC)
        let modelP = try? container.decode(String.self, forKey: .modelP)
        let org = try? container.decode(String.self, forKey: .org)
        self.init(timestamp: timestamp ?? 0, msg: try? container.decodeIfPresent(String.self, forKey: .msg),
                  modelC: modelC ?? "", modelP: modelP ?? "", rssi: Int(clamping: rssi ?? 0),
                  txPower: integer(.txPower).map { Int(clamping: $0) }, org: org ?? "", v: Int(clamping: integer(.v) ?? 2))
        isMalformed = timestamp == nil || rssi == nil || modelC == nil || modelP == nil || org == nil
            || !(-127...20).contains(rssi ?? 0)
    }
}

/// The document an OpenTrace phone uploads: its upload token, its encounters, and its
/// status events (which Causeway counts but does not keep).
public struct EncounterUpload: Sendable, Decodable {
    public var token: String
    public var records: [EncounterRecord]
    public var events: [EventCount]

    /// A status event, kept only to be counted.
    public struct EventCount: Sendable, Decodable {
        public init(from decoder: any Decoder) {}
    }

    enum Key: String, CodingKey {
        case token, records, events
    }

    public init(token: String, records: [EncounterRecord]) {
        self.token = token
        self.records = records
        events = []
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        token = try container.decode(String.self, forKey: .token)
        records = try container.decode([EncounterRecord].self, forKey: .records)
        events = try container.decodeIfPresent([EventCount].self, forKey: .events) ?? []
    }
}
