/* The practical limit for PaygentEVM's signing and recovery: the same operations called
 * directly on libsecp256k1 (recoverable sign + compact serialisation; compact parse +
 * recover + uncompressed serialisation), time-bounded like the Swift benchmark.
 * Build: cc -O2 -o secp256k1_bench secp256k1_bench.c -lsecp256k1
 * Usage: secp256k1_bench [seconds]   (default 1; PAYGENT_BENCH_SECONDS also works) */
#include <secp256k1.h>
#include <secp256k1_recovery.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    double seconds = 1.0;
    const char *env = getenv("PAYGENT_BENCH_SECONDS");
    if (argc > 1) seconds = atof(argv[1]);
    else if (env) seconds = atof(env);
    if (seconds <= 0) seconds = 1.0;

    secp256k1_context *ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    unsigned char seed[32];
    for (int i = 0; i < 32; i++) seed[i] = (unsigned char)(i * 7 + 1);
    if (!secp256k1_context_randomize(ctx, seed)) return 1;

    unsigned char key[32];
    memset(key, 0x11, sizeof key);
    unsigned char digests[256][32];
    for (int i = 0; i < 256; i++)
        for (int j = 0; j < 32; j++) digests[i][j] = (unsigned char)(i * 31 + j * 17 + 3);

    unsigned char compact[256][64];
    int recids[256];
    for (int i = 0; i < 256; i++) {
        secp256k1_ecdsa_recoverable_signature sig;
        if (!secp256k1_ecdsa_sign_recoverable(ctx, &sig, digests[i], key, NULL, NULL)) return 1;
        secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, compact[i], &recids[i], &sig);
    }

    /* Sign. */
    long n = 0;
    double start = now(), elapsed;
    unsigned char sink = 0;
    do {
        for (int k = 0; k < 64; k++, n++) {
            secp256k1_ecdsa_recoverable_signature sig;
            unsigned char out[64];
            int recid;
            secp256k1_ecdsa_sign_recoverable(ctx, &sig, digests[n & 255], key, NULL, NULL);
            secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, out, &recid, &sig);
            sink ^= out[0];
        }
        elapsed = now() - start;
    } while (elapsed < seconds);
    printf("c_libsecp256k1_sign: %.0f sig/s\n", n / elapsed);

    /* Recover. */
    n = 0;
    start = now();
    do {
        for (int k = 0; k < 64; k++, n++) {
            secp256k1_ecdsa_recoverable_signature sig;
            secp256k1_pubkey pub;
            unsigned char out[65];
            size_t len = sizeof out;
            secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &sig, compact[n & 255], recids[n & 255]);
            if (!secp256k1_ecdsa_recover(ctx, &pub, &sig, digests[n & 255])) return 1;
            secp256k1_ec_pubkey_serialize(ctx, out, &len, &pub, SECP256K1_EC_UNCOMPRESSED);
            sink ^= out[1];
        }
        elapsed = now() - start;
    } while (elapsed < seconds);
    printf("c_libsecp256k1_recover: %.0f recoveries/s\n", n / elapsed);

    secp256k1_context_destroy(ctx);
    return sink == 0xFF ? 0 : 0;
}
