extension Duration {
    /// Milliseconds for libcurl, at least 1 (0 would mean "no limit" to libcurl), saturating.
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 1 }
        let (ms, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        let (total, overflow2) = ms.addingReportingOverflow(attoseconds / 1_000_000_000_000_000)
        return overflow || overflow2 ? Int.max : max(1, Int(clamping: total))
    }
}
