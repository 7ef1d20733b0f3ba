/* SHA-256 against the FIPS 180-4 examples. */
#include "tests/check.h"

#include "pipeline/sha256.h"

static void digest(const char *text, const char *want)
{
    struct sha256 s;
    char hex[65];

    sha256_init(&s);
    sha256_update(&s, text, strlen(text));
    sha256_hex(&s, hex);
    CHECK_STR(hex, want);
}

static void fips_examples(void)
{
    digest("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    digest("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
           "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void million_a(void)
{
    struct sha256 s;
    char block[1000], hex[65];

    memset(block, 'a', sizeof block);
    sha256_init(&s);
    for (int i = 0; i < 1000; i++)
        sha256_update(&s, block, sizeof block);
    sha256_hex(&s, hex);
    CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

int main(void)
{
    RUN(fips_examples);
    RUN(million_a);
    return check_done();
}
