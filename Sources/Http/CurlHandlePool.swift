import Synchronization
internal import CCurl

/// Idle easy handles kept for reuse, so a request costs a `curl_easy_reset`, not a fresh handle.
final class CurlHandlePool: @unchecked Sendable {
    private let idle = Mutex<[CurlEasyHandle]>([])
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// A clean handle (fresh defaults), or `nil` if libcurl cannot allocate one.
    func checkout() -> CurlEasyHandle? {
        if let handle = idle.withLock({ $0.popLast() }) { return handle }
        return CurlEasyHandle()
    }

    /// Returns a handle that is no longer part of any transfer; it is reset to defaults so it keeps
    /// no pointers into the finished transfer.
    func checkin(_ handle: CurlEasyHandle) {
        curl_easy_reset(handle.raw)
        idle.withLock { handles in
            if handles.count < capacity { handles.append(handle) }
        }
    }
}
