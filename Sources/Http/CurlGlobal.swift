import CCurl

/// `curl_global_init`, exactly once per process (Swift global initialisers run once, thread-safely).
enum CurlGlobal {
    /// Touch to make sure libcurl is initialised.
    static let initialized: Void = {
        // CURL_GLOBAL_ALL (= CURL_GLOBAL_SSL | CURL_GLOBAL_WIN32) is a macro Swift cannot import.
        let code = curl_global_init(3)
        precondition(code == CURLE_OK, "Http: curl_global_init failed (\(code.rawValue))")
    }()
}

extension Duration {
    /// Milliseconds for libcurl, at least 1 (0 would mean "no limit" to libcurl).
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        let (ms, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        if overflow || seconds < 0 { return seconds < 0 ? 1 : Int.max }
        return max(1, Int(clamping: ms + attoseconds / 1_000_000_000_000_000))
    }

}
