import Foundation

/// How an epidemiologist turns encounters into a contact's class: the thresholds a health
/// authority sets (and may change as it learns about a disease), with the proximity model
/// that estimates distances.
///
/// The default is the common public-health definition: a close contact spent at least 15
/// minutes in total within about 2 metres of the case; a casual contact was in range for at
/// least 5 minutes. Encounters of one contact closer than ``maxGapSeconds`` apart form one
/// exposure window; each encounter stands for the time to the next one in its window (at most
/// ``maxGapSeconds``), the last for ``sampleSeconds`` (a phone scans about once a minute).
public struct ExposureRules: Sendable, Hashable, Codable {
    public var closeMeters: Double = 2
    public var closeMinutes: Double = 15
    public var casualMinutes: Double = 5
    public var maxGapSeconds: Int64 = 300
    public var sampleSeconds: Int64 = 60
    /// How far a record's time may lie outside its TempID's window (phones' clocks differ).
    public var clockSkewSeconds: Int64 = 60
    public var proximity = ProximityModel()

    public init() {}

    enum CodingKeys: String, CodingKey {
        case closeMeters, closeMinutes, casualMinutes, maxGapSeconds, sampleSeconds, clockSkewSeconds, proximity
    }

    /// Reads rules from JSON; a field left out keeps its default, so a file can say only what differs.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = ExposureRules()
        closeMeters = try container.decodeIfPresent(Double.self, forKey: .closeMeters) ?? defaults.closeMeters
        closeMinutes = try container.decodeIfPresent(Double.self, forKey: .closeMinutes) ?? defaults.closeMinutes
        casualMinutes = try container.decodeIfPresent(Double.self, forKey: .casualMinutes) ?? defaults.casualMinutes
        maxGapSeconds = try container.decodeIfPresent(Int64.self, forKey: .maxGapSeconds) ?? defaults.maxGapSeconds
        sampleSeconds = try container.decodeIfPresent(Int64.self, forKey: .sampleSeconds) ?? defaults.sampleSeconds
        clockSkewSeconds = try container.decodeIfPresent(Int64.self, forKey: .clockSkewSeconds) ?? defaults.clockSkewSeconds
        proximity = try container.decodeIfPresent(ProximityModel.self, forKey: .proximity) ?? defaults.proximity
    }

    /// Refuses rules that cannot classify (a threshold that is negative or not a number, a
    /// casual threshold above the close one).
    public func validate() throws(InvalidRules) {
        guard closeMeters > 0, closeMeters.isFinite, closeMinutes >= 0, casualMinutes >= 0, closeMinutes.isFinite, casualMinutes.isFinite
        else { throw InvalidRules(reason: "distances must be positive and minutes not negative") }
        guard maxGapSeconds > 0, sampleSeconds > 0, clockSkewSeconds >= 0 else { throw InvalidRules(reason: "gaps and samples must be positive seconds") }
        guard proximity.pathLossExponent > 0, proximity.pathLossExponent.isFinite else { throw InvalidRules(reason: "the path-loss exponent must be positive") }
    }

    public struct InvalidRules: Error, Sendable, CustomStringConvertible {
        public var reason: String
        public var description: String { "exposure rules: \(reason)" }
    }
}
