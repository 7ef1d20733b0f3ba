# flipside: build, test, demo, bench and install. See README.md.
#
#   make              build build/flipside
#   make deps         install the Debian packages the build, tests and demo need
#   make demo         private cluster, demo data, every report
#   make test         every test; ends with "N passed, N failed"
#   make bench        speed and memory against the floors of SPEC section 7
#   make SANITIZE=address,undefined test
#   make valgrind     the unit tests under valgrind
#   make install PREFIX=/usr/local DESTDIR=

VERSION  := 0.1.0
PREFIX   ?= /usr/local
SANITIZE ?=

ifeq ($(SANITIZE),)
BUILD ?= build
else
BUILD ?= build/san
endif

PKGS     := libpq gsl cairo pangocairo libpng xlsxwriter
CC       ?= cc
CFLAGS   ?= -O2 -g
override CFLAGS += -std=c11 -Wall -Wextra -Werror -MMD -MP
override CPPFLAGS += -I. -I$(BUILD)/gen -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
            -DFLIPSIDE_VERSION='"$(VERSION)"' \
            $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
override LDLIBS += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm

ifneq ($(SANITIZE),)
override CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
override LDFLAGS += -fsanitize=$(SANITIZE)
endif

# Everything under these folders is the program; tests/ holds the tests.
SRC_DIRS := common stats charts reports pipeline
LIB_SRCS := $(filter-out pipeline/main.c,$(sort $(wildcard $(addsuffix /*.c,$(SRC_DIRS)))))
SQL      := $(sort $(wildcard sql/*.sql sql/*/*.sql))
OBJS     := $(LIB_SRCS:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/sqlfiles.o
LIB      := $(BUILD)/libflipside.a
BIN      := $(BUILD)/flipside

TEST_SRCS := $(sort $(wildcard tests/unit/test_*.c))
TEST_BINS := $(TEST_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
BENCH_BINS := $(BUILD)/tests/bench_stats

# Debian packages: to build, to run (and demo), to test, to benchmark.
DEPS_BUILD := gcc make pkg-config libpq-dev libgsl-dev libcairo2-dev \
              libpango1.0-dev libpng-dev libxlsxwriter-dev
DEPS_RUN   := postgresql fonts-dejavu-core fonts-wqy-microhei util-linux
DEPS_TEST  := poppler-utils python3 valgrind
DEPS_BENCH := python3-pandas python3-scipy python3-statsmodels \
              python3-matplotlib python3-xlsxwriter python3-psycopg2 time

.PHONY: all deps deps-bench demo test check bench valgrind install clean

all: $(BIN)

# `make V=1` shows the whole commands.
ifeq ($(V),1)
Q :=
say = @true
else
Q := @
say = @echo "  $(1)	$(2)"
endif

$(BIN): $(BUILD)/obj/pipeline/main.o $(LIB)
	$(call say,LINK,$@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(LIB): $(OBJS)
	$(call say,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/gen/sqlfiles.c: $(SQL) sql/embed.awk
	@mkdir -p $(dir $@)
	$(call say,SQL,$@)
	$(Q)awk -f sql/embed.awk $(SQL) > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/gen/sqlfiles.o: $(BUILD)/gen/sqlfiles.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c tests/check.h $(LIB)
	@mkdir -p $(dir $@)
	$(call say,TEST,$@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

$(BUILD)/tests/bench_stats: tests/bench/bench_stats.c $(LIB)
	@mkdir -p $(dir $@)
	$(call say,BENCH,$@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

# Install what is missing, as root or through sudo -n; otherwise say how.
define install_debs
	@missing=""; \
	for p in $(1); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	echo "make: installing Debian packages:$$missing"; \
	if [ "$$(id -u)" = 0 ]; then sudo=""; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; \
	else echo "make: missing packages:$$missing; run: sudo apt-get install -y$$missing" >&2; exit 1; fi; \
	export DEBIAN_FRONTEND=noninteractive; \
	$$sudo apt-get install -y -q --no-install-recommends $$missing >/dev/null 2>&1 || \
	{ $$sudo apt-get update -q >/dev/null 2>&1 && \
	  $$sudo apt-get install -y -q --no-install-recommends $$missing; } || \
	{ echo "make: could not install:$$missing" >&2; exit 1; }
endef

deps:
	$(call install_debs,$(DEPS_BUILD) $(DEPS_RUN) $(DEPS_TEST))

deps-bench: deps
	$(call install_debs,$(DEPS_BENCH))

demo: deps
	@$(MAKE) --no-print-directory all
	$(BIN) demo

test check: deps
	@$(MAKE) --no-print-directory $(BIN) $(TEST_BINS)
	@FLIPSIDE_BUILD=$(BUILD) sh tests/run

bench: deps-bench
	@$(MAKE) --no-print-directory $(BIN) $(BENCH_BINS)
	@FLIPSIDE_BUILD=$(BUILD) sh tests/bench/run

valgrind: deps
	@$(MAKE) --no-print-directory $(BIN) $(TEST_BINS)
	@FLIPSIDE_BUILD=$(BUILD) FLIPSIDE_VALGRIND=1 sh tests/run unit

install: $(BIN)
	install -d -m 0755 $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/flipside/cron
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/flipside
	install -m 0755 cron/flipside-cron $(DESTDIR)$(PREFIX)/bin/flipside-cron
	sed 's|/usr/local/bin|$(PREFIX)/bin|g' cron/flipside.crontab > $(DESTDIR)$(PREFIX)/share/flipside/cron/flipside.crontab
	chmod 0644 $(DESTDIR)$(PREFIX)/share/flipside/cron/flipside.crontab

clean:
	rm -rf build

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
