import Foundation

/// Turns a confirmed case's uploaded encounters into a contact list: checks each record,
/// opens its TempID, groups what is left per contact into exposure windows and classes each
/// contact by the ``ExposureRules``.
///
/// Pure and synchronous: the caller supplies the clock and a function that opens a TempID
/// with the keys it keeps, so the whole procedure is tested without a server. A TempID is
/// opened once however often it was heard (a phone hears the same TempID for up to fifteen
/// minutes), which keeps a busy phone's 50,000 records well under a second.
public struct EncounterProcessor: Sendable {
    public var rules: ExposureRules
    /// The organisation code this authority's phones write in `org`.
    public var organisation: String
    /// Records older than this many seconds before the upload are not used (nor kept).
    public var retentionSeconds: Int64

    public init(rules: ExposureRules, organisation: String, retentionSeconds: Int64) {
        self.rules = rules
        self.organisation = organisation
        self.retentionSeconds = retentionSeconds
    }

    public struct Outcome: Sendable, Hashable, Codable {
        public var received: Int
        public var used: Int
        /// Records not used, by reason (only reasons that occurred).
        public var issues: [EncounterIssue: Int]
        public var contacts: [ContactExposure]

        public func count(_ kind: ContactExposure.Class) -> Int { contacts.count { $0.class == kind } }
    }

    struct Heard {
        var time: Int64
        var meters: Double
    }

    /// `open` opens a TempID heard at a time (Unix seconds) with the keys kept, or returns nil.
    public func process(_ records: [EncounterRecord], uploader: String, now: Int64, open: (String, Int64) -> TempID?) -> Outcome {
        var issues: [EncounterIssue: Int] = [:]
        var opened: [String: TempID?] = [:]
        var seen = Set<String>()
        var heard: [String: [Heard]] = [:]
        var models: [String: Set<String>] = [:]
        var used = 0
        let oldest = now - retentionSeconds
        for record in records {
            let issue: EncounterIssue?
            if record.isMalformed {
                issue = .malformed
            } else if let message = record.msg, !message.isEmpty {
                if record.org != organisation {
                    issue = .otherOrganisation
                } else if record.timestamp > now + rules.clockSkewSeconds {
                    issue = .inFuture
                } else if record.timestamp < oldest {
                    issue = .tooOld
                } else if !seen.insert("\(record.timestamp)|\(message)").inserted {
                    issue = .duplicate
                } else {
                    let tempID: TempID?
                    if let cached = opened[message] {
                        tempID = cached
                    } else {
                        tempID = open(message, record.timestamp)
                        opened[message] = tempID
                    }
                    if let tempID {
                        let skew = rules.clockSkewSeconds
                        if record.timestamp < Int64(tempID.start) - skew || record.timestamp >= Int64(tempID.expiry) + skew {
                            issue = .expiredTempID
                        } else if tempID.uid == uploader {
                            issue = .ownTempID
                        } else {
                            issue = nil
                            let meters = rules.proximity.distance(rssi: record.rssi, txPower: record.txPower,
                                                                 central: record.modelC, peripheral: record.modelP)
                            heard[tempID.uid, default: []].append(Heard(time: record.timestamp, meters: meters))
                            models[tempID.uid, default: []].formUnion([record.modelC, record.modelP].filter { !$0.isEmpty })
                        }
                    } else {
                        issue = .failedDecryption
                    }
                }
            } else {
                issue = .noTempID
            }
            if let issue {
                issues[issue, default: 0] += 1
            } else {
                used += 1
            }
        }
        let contacts = heard.map { uid, encounters in
            classify(uid: uid, encounters: encounters, models: models[uid, default: []].sorted())
        }.sorted { ($0.class.rank, -$0.closeSeconds, -$0.seconds, $0.first, $0.uid) < ($1.class.rank, -$1.closeSeconds, -$1.seconds, $1.first, $1.uid) }
        return Outcome(received: records.count, used: used, issues: issues, contacts: contacts)
    }

    func classify(uid: String, encounters: [Heard], models: [String]) -> ContactExposure {
        let sorted = Self.smoothed(encounters.sorted { $0.time < $1.time }, gap: rules.maxGapSeconds)
        var windows: [ContactExposure.Window] = []
        for (index, encounter) in sorted.enumerated() {
            let next = index + 1 < sorted.count ? sorted[index + 1].time : nil
            let gap = next.map { $0 - encounter.time }
            let span = gap.map { $0 <= rules.maxGapSeconds ? $0 : rules.sampleSeconds } ?? rules.sampleSeconds
            let close = encounter.meters <= rules.closeMeters
            if var window = windows.last, encounter.time - window.last <= rules.maxGapSeconds {
                window.last = encounter.time
                window.encounters += 1
                window.seconds += span
                window.closeSeconds += close ? span : 0
                window.nearestMeters = min(window.nearestMeters, encounter.meters)
                windows[windows.count - 1] = window
            } else {
                windows.append(.init(first: encounter.time, last: encounter.time, encounters: 1, seconds: span,
                                     closeSeconds: close ? span : 0, nearestMeters: encounter.meters))
            }
        }
        return classified(ContactExposure(uid: uid, windows: windows, class: .ignored, reason: "", models: models))
    }

    /// One contact heard in several uploads of a case (two phones of one person, or a second
    /// upload after a first), classed again on the merged windows: two 10-minute exposures
    /// in two uploads make a close contact, which neither upload alone shows. Windows that
    /// overlap describe the same time heard twice and count once (the longer reading wins),
    /// so uploading the same records again changes nothing.
    public func merged(_ heard: [ContactExposure]) -> ContactExposure? {
        guard var merged = heard.first else { return nil }
        guard heard.count > 1 else { return merged }
        var windows: [ContactExposure.Window] = []
        for window in heard.flatMap(\.windows).sorted(by: { ($0.first, $0.last) < ($1.first, $1.last) }) {
            if var last = windows.last, window.first <= last.last {
                last.last = max(last.last, window.last)
                last.encounters = max(last.encounters, window.encounters)
                last.seconds = max(last.seconds, window.seconds)
                last.closeSeconds = max(last.closeSeconds, window.closeSeconds)
                last.nearestMeters = min(last.nearestMeters, window.nearestMeters)
                windows[windows.count - 1] = last
            } else {
                windows.append(window)
            }
        }
        merged.windows = windows
        merged.models = Array(Set(heard.flatMap(\.models))).sorted()
        return classified(merged)
    }

    /// The contact with its class and the reason for it, from its windows' totals.
    func classified(_ contact: ContactExposure) -> ContactExposure {
        var contact = contact
        let closeMinutes = Double(contact.closeSeconds) / 60
        let minutes = Double(contact.seconds) / 60
        let distance = Self.format(rules.closeMeters)
        if closeMinutes >= rules.closeMinutes {
            contact.class = .close
            contact.reason = "\(Self.format(closeMinutes)) min within about \(distance) m (close needs \(Self.format(rules.closeMinutes)))"
        } else if minutes >= rules.casualMinutes {
            contact.class = .casual
            contact.reason = "\(Self.format(minutes)) min in range, \(Self.format(closeMinutes)) within about \(distance) m (close needs \(Self.format(rules.closeMinutes)), casual \(Self.format(rules.casualMinutes)))"
        } else {
            contact.class = .ignored
            contact.reason = "\(Self.format(minutes)) min in range (casual needs \(Self.format(rules.casualMinutes)))"
        }
        return contact
    }

    /// Each distance replaced by the median of it and its two neighbours on either side
    /// within the same window: one reading is noisy (a hand over the phone, a body between),
    /// five in a row are not, and a median is not pulled by one wild value.
    static func smoothed(_ encounters: [Heard], gap: Int64) -> [Heard] {
        guard encounters.count > 2 else { return encounters }
        var out = encounters
        for index in encounters.indices {
            var neighbours = [encounters[index].meters]
            var left = index
            while left > 0, index - left < 2, encounters[left].time - encounters[left - 1].time <= gap {
                left -= 1
                neighbours.append(encounters[left].meters)
            }
            var right = index
            while right + 1 < encounters.count, right - index < 2, encounters[right + 1].time - encounters[right].time <= gap {
                right += 1
                neighbours.append(encounters[right].meters)
            }
            neighbours.sort()
            out[index].meters = neighbours[neighbours.count / 2]
        }
        return out
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
