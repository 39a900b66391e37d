# A thin wrapper: the build is meson + ninja (see ./configure).
BUILD ?= build

.PHONY: all check clean install

all: $(BUILD)/build.ninja
	ninja -C $(BUILD)

$(BUILD)/build.ninja:
	./configure --builddir=$(BUILD)

check:
	scripts/run-tests.sh

install: all
	meson install -C $(BUILD)

clean:
	rm -rf $(BUILD)
