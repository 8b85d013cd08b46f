extension Double {
    /// The shortest text that reads back as the same number, without a trailing `.0` on
    /// integral values: what people typed (`42`, not `42.0`) in cells, filters and JSON.
    public var shortestText: String {
        if rounded() == self, abs(self) < 1e15 { return String(Int64(self)) }
        return String(self)
    }
}
