import CausewayCore
import Crypto
import Foundation
import Testing

/// Encounters become a contact list: every record is used or counted by reason, windows split
/// at gaps, and contacts are classed by the rules with the reason in words.
@Suite("Encounter processing")
struct EncounterProcessorTests {
    static let key = SymmetricKey(size: .bits256)
    static let now: Int64 = 1_800_000_000
    static let uploader = TempID.randomUID()

    static func tempID(_ uid: String, at time: Int64) throws -> String {
        let start = time - time % 900
        return try TempID(uid: uid, start: Int32(start), expiry: Int32(start + 900)).sealed(with: key)
    }

    /// A minute-by-minute meeting of `minutes` at `rssi`, starting `start`.
    static func meeting(_ uid: String, start: Int64, minutes: Int, rssi: Int) throws -> [EncounterRecord] {
        try (0..<minutes).map { minute in
            let time = start + Int64(minute) * 60
            return EncounterRecord(timestamp: time, msg: try tempID(uid, at: time), modelC: "Pixel 4", modelP: "iPhone 11", rssi: rssi,
                                   txPower: nil, org: "TEST_HA")
        }
    }

    static var processor: EncounterProcessor {
        EncounterProcessor(rules: ExposureRules(), organisation: "TEST_HA", retentionSeconds: 21 * 86_400)
    }

    static func open(_ text: String, _ time: Int64) -> TempID? { try? TempID.open(text, with: key) }

    @Test func contactsAreClassedByMinutesAndDistance() throws {
        let close = TempID.randomUID(), casual = TempID.randomUID(), passer = TempID.randomUID()
        let day = Self.now - 3 * 86_400
        // -60 dBm is about 1 m; -80 dBm about 10 m.
        var records = try Self.meeting(close, start: day, minutes: 10, rssi: -60)
        records += try Self.meeting(close, start: day + 3_600, minutes: 8, rssi: -62)
        records += try Self.meeting(casual, start: day, minutes: 20, rssi: -80)
        records += try Self.meeting(passer, start: day + 7_200, minutes: 2, rssi: -55)
        let outcome = Self.processor.process(records.shuffled(), uploader: Self.uploader, now: Self.now, open: Self.open)
        #expect(outcome.received == records.count && outcome.used == records.count && outcome.issues.isEmpty)
        #expect(outcome.contacts.map(\.uid) == [close, casual, passer])
        #expect(outcome.contacts.map(\.class) == [.close, .casual, .ignored])
        let first = try #require(outcome.contacts.first)
        #expect(first.windows.count == 2)
        #expect(first.closeSeconds == 18 * 60)
        #expect(first.reason == "18 min within about 2 m (close needs 15)")
        #expect(first.first == day && first.last == day + 3_600 + 7 * 60)
        #expect(outcome.contacts[1].closeSeconds == 0 && outcome.contacts[1].seconds == 20 * 60)
    }

    @Test func aContactHeardInTwoUploadsIsClassedOnBoth() throws {
        let contact = TempID.randomUID()
        let day = Self.now - 2 * 86_400
        let morning = Self.processor.process(try Self.meeting(contact, start: day, minutes: 10, rssi: -60),
                                             uploader: Self.uploader, now: Self.now, open: Self.open)
        let evening = Self.processor.process(try Self.meeting(contact, start: day + 36_000, minutes: 8, rssi: -60),
                                             uploader: Self.uploader, now: Self.now, open: Self.open)
        // Neither upload alone reaches 15 minutes; together they do.
        #expect(morning.contacts.map(\.class) == [.casual] && evening.contacts.map(\.class) == [.casual])
        let both = try #require(Self.processor.merged(morning.contacts + evening.contacts))
        #expect(both.class == .close && both.closeSeconds == 18 * 60 && both.windows.count == 2)
        #expect(both.reason == "18 min within about 2 m (close needs 15)")
        // The same records uploaded twice count once.
        let again = try #require(Self.processor.merged(morning.contacts + morning.contacts))
        #expect(again == morning.contacts[0])
        #expect(Self.processor.merged([]) == nil)
    }

    @Test func everyRejectedRecordIsCountedByReason() throws {
        let other = TempID.randomUID()
        let time = Self.now - 86_400
        let good = try Self.meeting(other, start: time, minutes: 1, rssi: -60)[0]
        var records = [good, good]                                                     // a duplicate
        var foreign = good; foreign.org = "OTHER_HA"; records.append(foreign)
        var future = good; future.timestamp = Self.now + 3_600; future.msg = try Self.tempID(other, at: future.timestamp); records.append(future)
        var old = good; old.timestamp = Self.now - 22 * 86_400; old.msg = try Self.tempID(other, at: old.timestamp); records.append(old)
        var forged = good; forged.timestamp += 1; forged.msg = try TempID(uid: other, start: 0, expiry: 1).sealed(with: SymmetricKey(size: .bits256))
        records.append(forged)
        var replayed = good; replayed.timestamp += 7_200; records.append(replayed)
        var silent = good; silent.msg = nil; records.append(silent)
        var own = good; own.timestamp += 2; own.msg = try Self.tempID(Self.uploader, at: own.timestamp); records.append(own)
        let malformed = try JSONDecoder().decode([EncounterRecord].self, from: Data(#"[{"timestamp":"yesterday","rssi":-60}, 7]"#.utf8))
        records += malformed
        let outcome = Self.processor.process(records, uploader: Self.uploader, now: Self.now, open: Self.open)
        #expect(outcome.used == 1)
        #expect(outcome.issues == [.duplicate: 1, .otherOrganisation: 1, .inFuture: 1, .tooOld: 1, .failedDecryption: 1,
                                   .expiredTempID: 1, .noTempID: 1, .ownTempID: 1, .malformed: 2])
        #expect(outcome.received == outcome.used + outcome.issues.values.reduce(0, +))
    }

    @Test func rulesAndProximityAreConfigurable() throws {
        var rules = try JSONDecoder().decode(ExposureRules.self, from: Data(#"{"closeMinutes": 5, "proximity": {"modelOffsets": {"Pixel 4": -10}}}"#.utf8))
        #expect(rules.closeMeters == 2 && rules.closeMinutes == 5)
        // The Pixel's offset makes -60 read as -70: about 3 m, no longer close.
        let model = rules.proximity
        #expect(abs(model.distance(rssi: -60, txPower: nil, central: "Pixel 4", peripheral: "x") - 3.16) < 0.01)
        #expect(abs(model.distance(rssi: Int(model.rssi(atMeters: 4)), txPower: nil, central: "a", peripheral: "b") - 4) < 0.1)
        rules.casualMinutes = -1
        #expect(throws: ExposureRules.InvalidRules.self) { try rules.validate() }
    }
}
