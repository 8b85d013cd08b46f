import Foundation

/// One contact of a confirmed case, as the exposure rules classed them: when they met, for
/// how long, how close, and why that makes them close, casual or neither.
public struct ContactExposure: Sendable, Hashable, Codable {
    public enum Class: String, Sendable, Hashable, Codable, CaseIterable {
        case close, casual, ignored

        /// Close first: the order a contact list is read in.
        public var rank: Int {
            switch self {
            case .close: 0
            case .casual: 1
            case .ignored: 2
            }
        }
    }

    /// A run of encounters no more than the rules' gap apart.
    public struct Window: Sendable, Hashable, Codable {
        public var first: Int64
        public var last: Int64
        public var encounters: Int
        /// Seconds the window stands for, and of them those within the close distance.
        public var seconds: Int64
        public var closeSeconds: Int64
        /// The nearest estimated distance in the window, in metres.
        public var nearestMeters: Double
    }

    /// The contact's user id (never shown outside the tracer's view; the log gets counts only).
    public var uid: String
    public var windows: [Window]
    public var `class`: Class
    public var reason: String
    /// Phone models the contact was heard with.
    public var models: [String]

    public var first: Int64 { windows.first?.first ?? 0 }
    public var last: Int64 { windows.last?.last ?? 0 }
    public var seconds: Int64 { windows.reduce(0) { $0 + $1.seconds } }
    public var closeSeconds: Int64 { windows.reduce(0) { $0 + $1.closeSeconds } }
    public var encounters: Int { windows.reduce(0) { $0 + $1.encounters } }
    public var nearestMeters: Double { windows.map(\.nearestMeters).min() ?? .infinity }
}
