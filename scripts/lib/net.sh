# Loopback helpers for the test and benchmark scripts; source after setting VENV_PY.

# free_port: prints a TCP port that is free on 127.0.0.1 right now.
free_port() { "$VENV_PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# wait_http URL SECONDS: polls until URL answers any HTTP status (bounded).
wait_http() {
  "$VENV_PY" - "$1" "$2" <<'PY'
import sys, time, urllib.request, urllib.error
url, limit = sys.argv[1], float(sys.argv[2])
deadline = time.time() + limit
while time.time() < deadline:
    try:
        urllib.request.urlopen(url, timeout=1)
        sys.exit(0)
    except urllib.error.HTTPError:
        sys.exit(0)
    except Exception:
        time.sleep(0.1)
sys.exit(1)
PY
}
