# jixiao — build, test, sanitize, fuzz, bench.
#
#   make            build build/jixiao (and build/libjixiao.a)
#   make run        check the bundled example (installs missing packages first)
#   make test       every test: unit, golden, bad input, sanitizers
#   make asan       build and run the tests under AddressSanitizer + UBSan
#   make fuzz       fuzz a reader with libFuzzer (FUZZ_TARGET=text|profile|xlsx|csv|grid|docx|pdfgrid|units, FUZZ_SECONDS=60)
#   make bench      forms/s and MB/s of `check` on a generated file, per layout, and of `import`
#
# Debian packages the build needs are installed by scripts/deps.sh when
# missing (it runs apt-get only if something is absent).

CC      ?= gcc
CSTD    := -std=c17
WARN    := -Wall -Wextra -Wpedantic -Wstrict-prototypes -Wvla -Wformat=2 \
           -Wshadow -Wno-format-nonliteral -Werror
OPT     ?= -O2 -g
PKGS    := opencc libxml-2.0 sqlite3 xlsxwriter libzip expat json-c freexl libmicrohttpd zlib libzstd libsodium libpq
CPPFLAGS := -Iinclude -Isrc -Isrc/read -Isrc/store -D_GNU_SOURCE $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS    := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread
CFLAGS  ?=
# Copies and fills of a size known only at run time as calls to libc's
# memcpy/memset, not inline `rep movs`/`rep stos`: GCC's generic x86-64
# tuning inlines them where it can bound the size (a 64-byte key, a
# 48-byte number), and their start-up cost made the JSON writer's key()
# 9% of check's time (perf, 2026-12-03; check --jobs 1 of 100,000 forms:
# 7.5-8.7 s against 8.0-9.7 s in three paired rounds).  Only where the
# compiler takes the options.
STRINGOP := $(shell $(CC) -mmemcpy-strategy=libcall:-1:noalign -mmemset-strategy=libcall:-1:noalign \
	-x c -c -o /dev/null /dev/null 2>/dev/null && echo -mmemcpy-strategy=libcall:-1:noalign \
	-mmemset-strategy=libcall:-1:noalign)
ALL_CFLAGS = $(CSTD) $(WARN) $(OPT) $(STRINGOP) $(CFLAGS)

B       ?= build
LIB_SRC := $(wildcard src/*.c src/read/*.c src/store/*.c src/render/*.c)
CLI_SRC := $(wildcard cli/*.c)
# the web app (jixiao serve): an application of its own beside the CLI
WEB_SRC := $(wildcard web/*.c)
# The shipped scoring profiles, national first, compiled into the library.
PROFILES := profiles/national.ini $(filter-out profiles/national.ini,$(sort $(wildcard profiles/*.ini)))
# The shipped form templates and their shared lexicon, compiled in likewise.
TEMPLATES := templates/lexicon.txt templates/national.tpl $(filter-out templates/national.tpl,$(sort $(wildcard templates/*.tpl)))
LIB_OBJ := $(LIB_SRC:src/%.c=$(B)/src/%.o) $(B)/gen/profiles_data.o $(B)/gen/templates_data.o
CLI_OBJ := $(CLI_SRC:cli/%.c=$(B)/cli/%.o) $(WEB_SRC:web/%.c=$(B)/web/%.o)
UNIT_SRC := $(wildcard tests/unit/*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)

EXAMPLE := examples/jinfeng-shanghaixilu-2023.txt

.PHONY: all run test test-only golden-update layouts-update asan fuzz bench deps clean

all: $(B)/jixiao $(UNIT_BIN)

deps:
	@sh scripts/deps.sh build

$(B)/src/%.o: src/%.c include/jixiao.h $(wildcard src/*.h src/read/*.h src/store/*.h) | $(B)/src $(B)/src/read $(B)/src/store $(B)/src/render
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(B)/gen/profiles_data.c: $(PROFILES) scripts/embed-data.sh Makefile | $(B)/gen
	sh scripts/embed-data.sh $@ profile.h shipped_file shipped_profiles $(PROFILES)

$(B)/gen/templates_data.c: $(TEMPLATES) scripts/embed-data.sh Makefile | $(B)/gen
	sh scripts/embed-data.sh $@ grid.h shipped_file shipped_templates $(TEMPLATES)

# the lexicon is one string literal longer than C's guaranteed 4,095 bytes (GCC and Clang take it)
$(B)/gen/templates_data.o: $(B)/gen/templates_data.c src/read/grid.h src/embed.h include/jixiao.h
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -Wno-overlength-strings -c -o $@ $<

$(B)/gen/profiles_data.o: $(B)/gen/profiles_data.c src/profile.h src/embed.h include/jixiao.h
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -Wno-overlength-strings -c -o $@ $<

$(B)/cli/%.o: cli/%.c include/jixiao.h cli/cli.h | $(B)/cli
	$(CC) -Iinclude -D_GNU_SOURCE $(ALL_CFLAGS) -c -o $@ $<

$(B)/web/%.o: web/%.c include/jixiao.h cli/cli.h web/web.h | $(B)/web
	$(CC) -Iinclude -Icli -D_GNU_SOURCE $(ALL_CFLAGS) -c -o $@ $<

# The library: one relocatable object whose only global symbols are the
# public jx_* ones (include/jixiao.h); every internal function is local, so
# a program with its own xmalloc or str_has links against it.  The unit
# tests, which test internals, link the objects themselves.
$(B)/libjixiao.a: $(LIB_OBJ)
	rm -f $@ $(B)/libjixiao.o
	ld -r -o $(B)/libjixiao.o $^
	objcopy -w --keep-global-symbol='jx_*' $(B)/libjixiao.o
	ar rcs $@ $(B)/libjixiao.o

$(B)/libjixiao-internal.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(B)/jixiao: $(CLI_OBJ) $(B)/libjixiao.a
	$(CC) $(ALL_CFLAGS) -o $@ $(CLI_OBJ) $(B)/libjixiao.a $(LDFLAGS) $(LIBS)

$(B)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(B)/libjixiao-internal.a | $(B)/tests
	$(CC) $(CPPFLAGS) -Itests/unit $(ALL_CFLAGS) -o $@ $< $(B)/libjixiao-internal.a $(LDFLAGS) $(LIBS)

$(B)/src $(B)/src/read $(B)/src/store $(B)/src/render $(B)/cli $(B)/web $(B)/tests $(B)/gen:
	mkdir -p $@

run: deps
	@$(MAKE) --no-print-directory $(B)/jixiao
	./$(B)/jixiao check $(EXAMPLE); test $$? -le 1

# `make test` = the normal build's tests, then the same under the sanitizers.
test: deps
	@sh scripts/deps.sh test
	@$(MAKE) --no-print-directory all
	@JX_SECTION=$(T) sh tests/run.sh $(B)
	@$(MAKE) --no-print-directory asan

test-only: all
	@sh scripts/deps.sh test
	@JX_SECTION=$(T) sh tests/run.sh $(B)

# Rewrite the golden files from a fresh build; review `git diff tests/golden`.
golden-update: all
	@sh tests/run.sh $(B) --update

# Rewrite the layout corpus from the model; review `git diff tests/layouts`.
layouts-update: all
	rm -rf tests/layouts/corpus && mkdir -p tests/layouts/corpus
	./$(B)/jixiao check --format json $(EXAMPLE) | python3 tests/layouts/gen.py tests/layouts/corpus

asan:
	@sh scripts/deps.sh build
	@$(MAKE) --no-print-directory B=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
		CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all" \
		LDFLAGS="-fsanitize=address,undefined" all
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		JX_SANITIZED=1 JX_SECTION=$(T) sh tests/run.sh build-asan

FUZZ_SECONDS ?= 60
# FUZZ_TARGET=text (the text reader, default), profile (the profile reader),
# xlsx (workbooks), csv (render's CSV and check's JSON), grid (published forms:
# the template reader, the template files), docx (Word documents) or pdfgrid
# (the PDF table rebuild, from the words and rules poppler gives) or units
# (the registry of units from a CSV, jixiao unit import)
FUZZ_TARGET ?= text
FUZZ_MAX_LEN = $(if $(filter xlsx docx pdfgrid,$(FUZZ_TARGET)),262144,65536)
fuzz: $(B)/jixiao
	@sh scripts/deps.sh build
	@sh scripts/deps.sh fuzz
	mkdir -p build-fuzz/corpus-$(FUZZ_TARGET) build-fuzz/seeds-$(FUZZ_TARGET)
	sh scripts/embed-data.sh build-fuzz/profiles_data.c profile.h shipped_file shipped_profiles $(PROFILES)
	sh scripts/embed-data.sh build-fuzz/templates_data.c grid.h shipped_file shipped_templates $(TEMPLATES)
	clang -std=c17 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined $(CPPFLAGS) \
		-o build-fuzz/fuzz_$(FUZZ_TARGET) fuzz/fuzz_$(FUZZ_TARGET).c $(LIB_SRC) \
		build-fuzz/profiles_data.c build-fuzz/templates_data.c $(LIBS)
	sh fuzz/seeds.sh $(FUZZ_TARGET) build-fuzz/seeds-$(FUZZ_TARGET)
	./build-fuzz/fuzz_$(FUZZ_TARGET) -max_total_time=$(FUZZ_SECONDS) -max_len=$(FUZZ_MAX_LEN) -timeout=10 \
		-rss_limit_mb=2048 -artifact_prefix=build-fuzz/ build-fuzz/corpus-$(FUZZ_TARGET) \
		build-fuzz/seeds-$(FUZZ_TARGET)

bench: deps
	@sh scripts/deps.sh bench
	@$(MAKE) --no-print-directory $(B)/jixiao
	@sh bench/bench.sh $(B)/jixiao
	@sh bench/layouts.sh $(B)/jixiao
	@sh bench/import.sh $(B)/jixiao
	@sh bench/render.sh $(B)/jixiao
	@sh bench/inputs.sh $(B)/jixiao
	@sh bench/documents.sh $(B)/jixiao
	@sh bench/realforms.sh $(B)/jixiao
	@sh bench/serve.sh $(B)/jixiao
	@sh bench/reviewers.sh $(B)/jixiao

clean:
	rm -rf build build-asan build-fuzz
