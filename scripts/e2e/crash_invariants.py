"""Money invariants of a paygent store after a crash (used by crash-recovery.sh).

usage: crash_invariants.py DB LABEL PHASE
  PHASE "reopened": right after start-up recovery with the real clock;
  PHASE "expired":  after a reconcile with the clock past every validBefore.
Exits 1 with one line per broken invariant.
"""
import sqlite3
import sys


def hex_key(text):
    text = (text or "").lower()
    return text[2:] if text.startswith("0x") else text


def main():
    path, label, phase = sys.argv[1:4]
    db = sqlite3.connect(path)
    problems = []
    settlements = {}
    for token, authorizer, nonce, tx in db.execute("SELECT token, authorizer, nonce, tx_hash FROM ledger_nonces"):
        settlements[(token.lower(), authorizer.lower(), hex_key(nonce))] = tx
    payments = db.execute(
        "SELECT id, purchase_id, status, hold_status, token, agent_wallet, authorization_nonce, tx_hash FROM payments"
    ).fetchall()
    confirmed_by_key = {}
    for pid, purchase, status, hold, token, wallet, nonce, tx in payments:
        key = (token.lower(), wallet.lower(), hex_key(nonce))
        if status == "confirmed":
            confirmed_by_key.setdefault(key, []).append(pid)
            if nonce is None or key not in settlements:
                problems.append(f"confirmed payment {pid} has no ledger settlement")
        if status == "confirmed" and hold != "captured":
            problems.append(f"confirmed payment {pid} has hold {hold}")
        if status == "failed" and hold != "released":
            problems.append(f"failed payment {pid} has hold {hold}")
    for key, tx in settlements.items():
        found = confirmed_by_key.get(key, [])
        if len(found) != 1:
            problems.append(f"ledger settlement {tx} (nonce 0x{key[2][:12]}…) has {len(found)} confirmed payments")
    # One authorisation per purchase: no purchase with two live (not failed) signed payments, and
    # no purchase settled twice on the ledger.
    live = {}
    settled = {}
    for pid, purchase, status, hold, token, wallet, nonce, tx in payments:
        key = (token.lower(), wallet.lower(), hex_key(nonce))
        if nonce is not None and status != "failed":
            live.setdefault(purchase, []).append(pid)
        if nonce is not None and key in settlements:
            settled.setdefault(purchase, []).append(pid)
    for purchase, ids in live.items():
        if len(ids) > 1:
            problems.append(f"purchase {purchase} has {len(ids)} signed authorisations not failed: {ids}")
    for purchase, ids in settled.items():
        if len(ids) > 1:
            problems.append(f"purchase {purchase} settled {len(ids)} times: {ids}")
    # Unsigned holds of the dead process are released at start-up.
    for (pid,) in db.execute("SELECT id FROM payments WHERE status = 'pending'"):
        problems.append(f"payment {pid} is still pending (unsigned) after its process died")
    if phase == "expired":
        for pid, status in db.execute("SELECT id, status FROM payments WHERE hold_status = 'held'"):
            problems.append(f"payment {pid} ({status}) still holds budget after validBefore")
    counts = dict(db.execute("SELECT status, COUNT(*) FROM payments GROUP BY status").fetchall())
    summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    print(f"crash-recovery: {label} [{phase}]: {len(settlements)} ledger settlements; payments: {summary or 'none'}")
    if problems:
        for line in problems[:20]:
            print(f"crash-recovery: {label} [{phase}]: {line}")
        if len(problems) > 20:
            print(f"crash-recovery: … and {len(problems) - 20} more")
        sys.exit(1)


if __name__ == "__main__":
    main()
