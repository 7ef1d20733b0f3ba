/* Unit tests of the settings file reader (pipeline/config.c). */
#include "tests/check.h"

#include "pipeline/config.h"
#include "common/status.h"

static int parse(const char *text, struct config *cfg)
{
    config_defaults(cfg);
    err_clear();
    return config_parse("test.conf", text, strlen(text), cfg);
}

static void defaults(void)
{
    struct config cfg;

    CHECK_INT(parse("", &cfg), STATUS_OK);
    CHECK_INT(cfg.min_cell, 5);
    CHECK_INT(cfg.voluntary_only, 0);
    CHECK_STR(cfg.conninfo, "");
}

static void every_key(void)
{
    struct config cfg;
    const char *text =
        "# settings\n"
        "[database]\n"
        "conninfo = host=/tmp dbname=x\n"
        "\n"
        "; another comment\n"
        "[report]\r\n"
        "out = \"/srv/reports\"\n"
        "min_cell=7\n"
        "retention_events = voluntary\n"
        "programme = RM-1\n";

    CHECK_INT(parse(text, &cfg), STATUS_OK);
    CHECK_STR(cfg.conninfo, "host=/tmp dbname=x");
    CHECK_STR(cfg.out, "/srv/reports");
    CHECK_INT(cfg.min_cell, 7);
    CHECK_INT(cfg.voluntary_only, 1);
    CHECK_STR(cfg.programme, "RM-1");
}

static void errors_name_file_line_key(void)
{
    struct config cfg;

    CHECK_INT(parse("[report]\nmin_cell = 2\n", &cfg), STATUS_USAGE);
    CHECK_STR(err_msg(), "test.conf:2: min_cell = \"2\": use a whole number of at least 3");
    CHECK_INT(parse("[report]\nout = x\ncolour = red\n", &cfg), STATUS_USAGE);
    CHECK_STR(err_msg(), "test.conf:3: unknown key \"colour\" in [report] (known: out, min_cell, retention_events, programme)");
    CHECK_INT(parse("[reports]\n", &cfg), STATUS_USAGE);
    CHECK_STR(err_msg(), "test.conf:1: unknown section [reports] (known: [database], [report])");
    CHECK_INT(parse("out = x\n", &cfg), STATUS_USAGE);
    CHECK_STR(err_msg(), "test.conf:1: key \"out\" comes before any [section]");
    CHECK_INT(parse("[report]\nretention_events = some\n", &cfg), STATUS_USAGE);
    CHECK_STR(err_msg(), "test.conf:2: retention_events = \"some\": use all or voluntary");
    CHECK_INT(parse("[report]\njust words\n", &cfg), STATUS_USAGE);
    CHECK_STR(err_msg(), "test.conf:2: expected key = value");
    CHECK_INT(parse("[database]\nconninfo =\n", &cfg), STATUS_USAGE);
    CHECK_INT(parse("[report]\nmin_cell = 5x\n", &cfg), STATUS_USAGE);
    CHECK_INT(parse("[report\n", &cfg), STATUS_USAGE);
    CHECK_INT(config_parse("bin.conf", "[report]\n\0", 10, &cfg), STATUS_USAGE);
}

static void missing_file_is_an_error(void)
{
    struct config cfg;

    config_defaults(&cfg);
    CHECK_INT(config_load("/nonexistent/flipside.conf", &cfg), STATUS_USAGE);
    CHECK(strstr(err_msg(), "/nonexistent/flipside.conf") != NULL);
}

/* Random text must give OK or a usage error, never a crash. */
static void random_text_never_crashes(void)
{
    const char alphabet[] = "[]=#;\n \"abcdeorptmin_lcsv5";
    unsigned seed = 777;
    char text[200];
    struct config cfg;

    for (int round = 0; round < 20000; round++) {
        size_t len = seed % sizeof text;
        int st;

        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            text[i] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
        }
        seed = seed * 1103515245u + 12345u;
        config_defaults(&cfg);
        st = config_parse("fuzz.conf", text, len, &cfg);
        if (st != STATUS_OK && st != STATUS_USAGE) {
            CHECK(!"config_parse returned something other than OK or a usage error");
            break;
        }
        if (cfg.min_cell < 3) {
            CHECK(!"min_cell below 3 accepted");
            break;
        }
    }
}

int main(void)
{
    RUN(defaults);
    RUN(every_key);
    RUN(errors_name_file_line_key);
    RUN(missing_file_is_an_error);
    RUN(random_text_never_crashes);
    return check_done();
}
