import CausewayCore
import Foundation

/// What a health authority configures for contact tracing: how contacts are classed, how long
/// anything personal is kept, and how long each code lives. The defaults are OpenTrace's where
/// it has one (two-hour upload tokens, 15-minute TempIDs) and the usual 21 days of retention.
public struct TracingSettings: Sendable {
    public var rules = ExposureRules()
    /// The `org` code this authority's phones write in their encounters.
    public var organisation = "CAUSEWAY"
    /// Encounters, contact lists, uploads and upload codes are deleted this long after they
    /// were made; encounters older than this are not accepted.
    public var retention: TimeInterval = 21 * 86_400
    /// How long an upload code a tracer reads out stays usable.
    public var uploadCodeValidity: TimeInterval = 30 * 60
    /// How long the upload token a code is exchanged for stays usable.
    public var uploadTokenValidity: TimeInterval = 2 * 3600
    /// How long an SMS verification code stays usable, and how many wrong tries void it.
    public var verificationValidity: TimeInterval = 10 * 60
    public var verificationAttempts = 5
    /// How long after one verification code before the same number can be sent another.
    public var verificationResendInterval: TimeInterval = 60
    /// The largest upload accepted, in bytes (a busy phone's 21 days are about 10 MB).
    public var maxUploadBytes = 32 << 20
    public var tempIDs = TempIDBatch.Policy()
    /// How long each TempID key generation issues TempIDs.
    public var keyLifetime: TimeInterval = 7 * 86_400

    public init() {}
}
