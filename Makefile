# plangen: `make` installs what is missing, builds the tool and renders
# out/plan.pdf and out/plan-vertical.pdf; `make test` runs every test; `make bench` measures;
# `make fuzz` fuzzes the reader and the whole pipeline.

CC ?= cc
PKGS = icu-uc yaml-0.1 freetype2 harfbuzz-subset libdeflate
WARN = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CFLAGS ?= -O2 -g
CFLAGS += -std=c17 -D_POSIX_C_SOURCE=200809L $(WARN) $(INCLUDES)
PKG_CFLAGS = $$(pkg-config --cflags $(PKGS))
PKG_LIBS = $$(pkg-config --libs $(PKGS)) -lhpdf -lm
SAN = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

# The pipeline, floor by floor: each uses only the floors above it here.
READ = src/read/load.c src/read/content.c src/read/content_figures.c src/read/number.c \
       src/read/layout.c src/read/numbering.c src/read/validate.c src/read/xref.c
COMPOSE = src/compose/font.c src/compose/breaks.c src/compose/typeset.c
FIGURES = src/figures/figure.c src/figures/chart.c src/figures/diagram.c
PAGE = src/page/flow.c src/page/frame.c src/page/paginate.c src/page/frontmatter.c \
       src/page/draft.c
DIFF = src/diff/diff.c src/diff/diff_pages.c
PUBLISH = src/publish/html.c src/publish/csv.c
PDF = src/pdf/pdf.c src/pdf/subset.c src/pdf/tags.c
SRCS = src/util.c src/diag.c $(READ) $(COMPOSE) $(FIGURES) $(PAGE) $(DIFF) $(PUBLISH) $(PDF) src/dump.c \
       src/watch.c
INCLUDES = -Isrc -Isrc/read -Isrc/compose -Isrc/figures -Isrc/page -Isrc/diff -Isrc/publish -Isrc/pdf
HDRS = $(wildcard src/*.h src/*/*.h)
CONTENT = $(wildcard content/*.yaml) $(wildcard layouts/*.yaml) fonts/fonts.yaml

all: out/plan.pdf out/plan-vertical.pdf out/plan-a4-2tier.pdf out/plan.html out/tables/.done

deps: build/.deps
build/.deps: tests/deps.sh
	@sh tests/deps.sh
	@mkdir -p build && touch $@

build/plangen: build/.deps $(SRCS) src/main.c $(HDRS)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -o $@ $(SRCS) src/main.c $(PKG_LIBS)

build/plangen-san: build/.deps $(SRCS) src/main.c $(HDRS)
	$(CC) $(CFLAGS) $(SAN) $(PKG_CFLAGS) -o $@ $(SRCS) src/main.c $(PKG_LIBS)

build/unit-san: build/.deps $(SRCS) tests/unit.c $(HDRS)
	$(CC) $(CFLAGS) $(SAN) $(PKG_CFLAGS) -o $@ $(SRCS) tests/unit.c $(PKG_LIBS)

out/plan.pdf: build/plangen $(CONTENT)
	@mkdir -p out
	./build/plangen build -o $@

out/plan-vertical.pdf: build/plangen $(CONTENT)
	@mkdir -p out
	./build/plangen build -l layouts/vertical.yaml -o $@

out/plan-a4-2tier.pdf: build/plangen $(CONTENT)
	@mkdir -p out
	./build/plangen build -l layouts/vertical-a4-2tier.yaml -o $@

# Fuzzing (make fuzz FUZZ_TIME=seconds): libFuzzer targets under ASan and UBSan.
FUZZ_TIME ?= 60
FUZZ_FLAGS = -g -O1 -std=c17 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -fno-omit-frame-pointer $(INCLUDES)

build/.fuzz-deps: tests/deps.sh
	@sh tests/deps.sh clang
	@mkdir -p build && touch $@

build/fuzz-loader: build/.deps build/.fuzz-deps $(SRCS) tests/fuzz/fuzz.c $(HDRS)
	clang $(FUZZ_FLAGS) -DFUZZ_LOADER $(PKG_CFLAGS) -o $@ $(SRCS) tests/fuzz/fuzz.c $(PKG_LIBS)

build/fuzz-pipeline: build/.deps build/.fuzz-deps $(SRCS) tests/fuzz/fuzz.c $(HDRS)
	clang $(FUZZ_FLAGS) -DFUZZ_PIPELINE $(PKG_CFLAGS) -o $@ $(SRCS) tests/fuzz/fuzz.c $(PKG_LIBS)

fuzz: build/fuzz-loader build/fuzz-pipeline
	@sh tests/fuzz/run.sh $(FUZZ_TIME)

out/plan.html: build/plangen $(CONTENT)
	@mkdir -p out
	./build/plangen html -o $@

out/tables/.done: build/plangen $(CONTENT)
	@mkdir -p out
	./build/plangen csv -o out/tables
	@touch $@

test: build/plangen build/plangen-san build/unit-san
	@sh tests/npm.sh
	@sh tests/run.sh

bench: build/plangen
	@sh tests/bench.sh

# make install PREFIX=... [DESTDIR=...]: the tool, and its layouts and fonts
# file where it looks for them (PREFIX/share/plangen, beside PREFIX/bin).
PREFIX ?= /usr/local
DATADIR = $(DESTDIR)$(PREFIX)/share/plangen
install: build/plangen
	install -d $(DESTDIR)$(PREFIX)/bin $(DATADIR)/layouts $(DATADIR)/fonts
	install -m 755 build/plangen $(DESTDIR)$(PREFIX)/bin/plangen
	install -m 644 layouts/*.yaml $(DATADIR)/layouts/
	install -m 644 fonts/fonts.yaml $(DATADIR)/fonts/

clean:
	rm -rf build out/*.pdf out/plan.html out/tables

.PHONY: all deps test bench fuzz install clean
