internal import CCurl

/// `curl_global_init`, exactly once per process (Swift global initialisers run once, thread-safely).
enum CurlGlobal {
    /// Touch to make sure libcurl is initialised.
    static let initialized: Void = {
        // CURL_GLOBAL_ALL (= CURL_GLOBAL_SSL | CURL_GLOBAL_WIN32) is a macro Swift cannot import.
        let code = curl_global_init(3)
        precondition(code == CURLE_OK, "Http: curl_global_init failed (\(code.rawValue))")
    }()
}
