import Synchronization
internal import CCurl

/// One `curl_multi` handle driven by one dedicated OS thread: every transfer of a client runs
/// here concurrently, and the multi handle's connection cache gives keep-alive reuse across them.
///
/// Other threads talk to the loop only through a locked inbox plus `curl_multi_wakeup`, which
/// interrupts `curl_multi_poll`.
final class CurlEngine: @unchecked Sendable {
    private struct Inbox {
        var submitted: [CurlTransfer] = []
        var cancelled: [CurlTransfer] = []
        var stopping = false
    }

    private let multi: UnsafeMutableRawPointer
    private let inbox = Mutex(Inbox())
    // Engine-thread state.
    private var active: [ObjectIdentifier: CurlTransfer] = [:]
    private var takenSubmitted: [CurlTransfer] = []
    private var takenCancelled: [CurlTransfer] = []
    /// Running transfers that have an idle timeout (usually none or a few long-lived streams).
    private var watched: [ObjectIdentifier: CurlTransfer] = [:]

    init(maxConnections: Int) {
        _ = CurlGlobal.initialized
        guard let multi = curl_multi_init() else { fatalError("Http: curl_multi_init failed") }
        self.multi = multi
        _ = paygent_curl_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, max(1, maxConnections))
        _ = paygent_curl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, max(1, maxConnections))
        EngineThread.spawn(name: "paygent-http") { self.run() }
    }

    /// Hands a configured transfer (continuation already set) to the loop.
    func submit(_ transfer: CurlTransfer) {
        inbox.withLock { $0.submitted.append(transfer) }
        curl_multi_wakeup(multi)
    }

    /// Aborts a transfer promptly, wherever it is; its caller gets ``HTTPError/cancelled``.
    func cancel(_ transfer: CurlTransfer) {
        transfer.requestCancel()
        inbox.withLock { $0.cancelled.append(transfer) }
        curl_multi_wakeup(multi)
    }

    /// Stops the loop after cancelling whatever is still running, then frees the multi handle.
    /// Nothing may be submitted afterwards.
    func shutdown() {
        inbox.withLock { $0.stopping = true }
        curl_multi_wakeup(multi)
    }

    private func run() {
        var stillRunning: Int32 = 0
        var queued: Int32 = 0
        while true {
            let stopping = inbox.withLock { box -> Bool in
                swap(&box.submitted, &takenSubmitted)
                swap(&box.cancelled, &takenCancelled)
                return box.stopping
            }
            for transfer in takenSubmitted { start(transfer) }
            takenSubmitted.removeAll(keepingCapacity: true)
            for transfer in takenCancelled { abort(transfer) }
            takenCancelled.removeAll(keepingCapacity: true)
            if stopping {
                for transfer in Array(active.values) { abort(transfer) }
                break
            }

            curl_multi_perform(multi, &stillRunning)
            while let message = curl_multi_info_read(multi, &queued) {
                guard paygent_curl_msg_is_done(message) != 0, let easy = message.pointee.easy_handle else { continue }
                let code = paygent_curl_msg_result(message) // read before removal invalidates `message`
                var context: UnsafeMutableRawPointer?
                _ = paygent_curl_getinfo_ptr(easy, CURLINFO_PRIVATE, &context)
                curl_multi_remove_handle(multi, easy)
                guard let context else { continue }
                let id = ObjectIdentifier(Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue())
                guard let transfer = active.removeValue(forKey: id) else { continue }
                if transfer.idleTimeout != nil { watched[id] = nil }
                transfer.complete(code: code)
            }
            // Sleeps until socket activity, libcurl's next timer, an idle deadline, or a wakeup
            // from another thread.
            curl_multi_poll(multi, nil, 0, Int32(expireIdleTransfers()), nil)
        }
        curl_multi_cleanup(multi)
    }

    private func start(_ transfer: CurlTransfer) {
        if transfer.isCancelRequested {
            transfer.finish(.failure(.cancelled))
            return
        }
        let code = curl_multi_add_handle(multi, transfer.handle.raw)
        guard code == CURLM_OK else {
            transfer.finish(.failure(.transport(code: Int(code.rawValue), message: String(cString: curl_multi_strerror(code)))))
            return
        }
        active[ObjectIdentifier(transfer)] = transfer
        if transfer.idleTimeout != nil {
            transfer.lastActivity = .now
            watched[ObjectIdentifier(transfer)] = transfer
        }
    }

    /// Fails transfers silent for longer than their idle timeout; returns how long the loop may
    /// sleep (ms) before the next idle deadline.
    private func expireIdleTransfers() -> Int {
        var sleep = 10_000
        guard !watched.isEmpty else { return sleep }
        let now = ContinuousClock.now
        for (id, transfer) in watched {
            guard let idle = transfer.idleTimeout else { continue }
            let silent = now - transfer.lastActivity
            if transfer.isFinished {
                watched[id] = nil
            } else if silent >= idle {
                watched[id] = nil
                active[id] = nil
                curl_multi_remove_handle(multi, transfer.handle.raw)
                transfer.finish(.failure(.timeout("no data received for \(idle) (idle timeout)")))
            } else {
                sleep = min(sleep, (idle - silent).curlMilliseconds)
            }
        }
        return sleep
    }

    private func abort(_ transfer: CurlTransfer) {
        guard active.removeValue(forKey: ObjectIdentifier(transfer)) != nil else { return } // not started or done
        watched[ObjectIdentifier(transfer)] = nil
        curl_multi_remove_handle(multi, transfer.handle.raw)
        transfer.finish(.failure(.cancelled))
    }
}
