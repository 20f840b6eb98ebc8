# berth: build, test, install and demo. `make demo` and `make test` do all set-up on a fresh machine.
SHELL := /bin/bash
PREFIX ?= /usr/local
NATIVE := build/native
BIN := build/bin/berth
DOTNET ?= dotnet
# clang and zlib: the NativeAOT toolchain; libseccomp-dev: linked statically; busybox-static: the base image
# for tests and the demo; procps: `berth top`; file, bsdutils (script), util-linux: used by tests;
# docker.io, skopeo, umoci, docker-registry (distribution): interop and round-trip tests;
# libcap2-bin: file capabilities in commit tests; openssl, curl: registry TLS and protocol tests;
# nftables: NAT and published ports.
APT_PACKAGES := clang zlib1g-dev libseccomp-dev busybox-static gcc make procps file bsdutils util-linux \
  docker.io skopeo umoci libcap2-bin docker-registry openssl curl nftables
CS_SOURCES := $(shell find src -name '*.cs' -o -name '*.csproj' -o -name '*.json' | grep -v '/obj/' | grep -v '/bin/')

.PHONY: all deps install test unit integration demo bench clean native

all: $(BIN)

# System packages, installed only when missing (idempotent and quiet when done).
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

native: $(NATIVE)/libberthshim.a

$(NATIVE)/berth-init: native/reaper.c
	@mkdir -p $(NATIVE)
	gcc -static -Os -s -Wall -Werror -o $@ $<

$(NATIVE)/%.o: native/%.c
	@mkdir -p $(NATIVE)
	gcc -O2 -fPIC -Wall -Werror -c -o $@ $<

$(NATIVE)/reaper_image.o: native/reaper_image.S $(NATIVE)/berth-init
	gcc -c -Wa,-I$(NATIVE) -o $@ $<

$(NATIVE)/libberthshim.a: $(NATIVE)/spawn.o $(NATIVE)/nsenter.o $(NATIVE)/reaper_image.o
	rm -f $@ && ar rcs $@ $^

$(BIN): $(NATIVE)/libberthshim.a $(CS_SOURCES)
	$(DOTNET) publish src/Cli/Berth.Cli.csproj -c Release -o build/bin -p:DebugType=none -nologo -v:q
	@test -x $(BIN)

install: deps $(BIN)
	install -m 0755 $(BIN) $(PREFIX)/bin/berth

test: install
	$(DOTNET) test berth.slnx -c Release -nologo -v:q --logger "console;verbosity=minimal" -- RunConfiguration.TestSessionTimeout=1500000

demo: install
	./examples/demo.sh

bench: install
	./bench/run.sh

clean:
	rm -rf build src/*/bin src/*/obj tests/*/bin tests/*/obj
