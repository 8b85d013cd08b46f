import Foundation

/// Turns a received signal strength into an estimated distance, the way BlueTrace's
/// calibration work does: a log-distance path-loss model, with the RSSI first corrected for
/// the two phones' radios and the advertised transmit power.
///
/// `distance = 10 ^ ((rssiAt1m − corrected) / (10 × n))`, where `corrected` is the RSSI plus
/// each phone model's calibration offset (dB; phones hear and transmit differently) minus how
/// far the advertised transmit power lies above ``referenceTxPower``. The defaults (−60 dBm at
/// one metre, n = 2, a −7 dBm reference) are a starting point: a health authority calibrates
/// them, and the offsets, on its own phones (see docs/contact-tracing.md). Bluetooth
/// distances are rough; the classification rules work on minutes at an estimated distance,
/// not on one reading.
public struct ProximityModel: Sendable, Hashable, Codable {
    public var rssiAt1m: Double = -60
    public var pathLossExponent: Double = 2
    public var referenceTxPower: Double = -7
    /// dB added to readings that involve a phone of this model (as central or peripheral).
    public var modelOffsets: [String: Double] = [:]

    public init() {}

    enum CodingKeys: String, CodingKey {
        case rssiAt1m, pathLossExponent, referenceTxPower, modelOffsets
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = ProximityModel()
        rssiAt1m = try container.decodeIfPresent(Double.self, forKey: .rssiAt1m) ?? defaults.rssiAt1m
        pathLossExponent = try container.decodeIfPresent(Double.self, forKey: .pathLossExponent) ?? defaults.pathLossExponent
        referenceTxPower = try container.decodeIfPresent(Double.self, forKey: .referenceTxPower) ?? defaults.referenceTxPower
        modelOffsets = try container.decodeIfPresent([String: Double].self, forKey: .modelOffsets) ?? [:]
    }

    /// The RSSI after the models' offsets and the transmit power's difference from the reference.
    public func corrected(rssi: Int, txPower: Int?, central: String, peripheral: String) -> Double {
        var value = Double(rssi) + (modelOffsets[central] ?? 0) + (modelOffsets[peripheral] ?? 0)
        if let txPower { value -= Double(txPower) - referenceTxPower }
        return value
    }

    /// Estimated metres between the phones.
    public func distance(rssi: Int, txPower: Int?, central: String, peripheral: String) -> Double {
        pow(10, (rssiAt1m - corrected(rssi: rssi, txPower: txPower, central: central, peripheral: peripheral)) / (10 * pathLossExponent))
    }

    /// The RSSI a phone at `meters` reads with reference hardware: the inverse of ``distance``,
    /// for simulations.
    public func rssi(atMeters meters: Double) -> Double {
        rssiAt1m - 10 * pathLossExponent * log10(max(meters, 0.05))
    }
}
