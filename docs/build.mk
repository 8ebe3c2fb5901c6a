# Documentation -> $(OUT)/docs: man pages (scdoc) and the HTML guide
# (cmark-gfm).  Included by the top-level Makefile (TOP, OUT defined there).
# Debian packages: scdoc, cmark-gfm, groff-base (man-db pulls it in).

DOCS_OUT        := $(OUT)/docs
DOCS_MAN_SRCS   := $(wildcard $(TOP)/docs/man/*.scd)
DOCS_MANS       := $(patsubst $(TOP)/docs/man/%.scd,$(DOCS_OUT)/man/%,$(DOCS_MAN_SRCS))
DOCS_MD_SRCS    := $(sort $(wildcard $(TOP)/docs/*.md))
DOCS_GUIDE      := $(patsubst $(TOP)/docs/%.md,$(DOCS_OUT)/guide/%.html,$(DOCS_MD_SRCS)) \
                   $(patsubst $(DOCS_OUT)/man/%,$(DOCS_OUT)/guide/%.html,$(DOCS_MANS)) \
                   $(DOCS_OUT)/guide/index.html
DOCS_SCRIPT     := $(TOP)/docs/guide.sh

docs: $(DEPS_STAMP) $(DOCS_MANS) $(DOCS_GUIDE)

# Fail early, and say which package is missing.
docs-tools-check = @command -v $(1) >/dev/null || \
	{ echo "docs: $(1) not found: apt-get install $(2) (make deps)" >&2; exit 1; }

# The man page must render without a single groff warning (-ww: all).
$(DOCS_OUT)/man/%: $(TOP)/docs/man/%.scd
	$(call docs-tools-check,scdoc,scdoc)
	$(call docs-tools-check,groff,groff-base)
	@mkdir -p $(@D)
	scdoc < $< > $@.tmp
	@warn=$$(groff -man -Tutf8 -ww -z $@.tmp 2>&1); \
	if [ -n "$$warn" ]; then \
		echo "$$warn" >&2; rm -f $@.tmp; \
		echo "docs: $<: groff warnings" >&2; exit 1; \
	fi
	@mv $@.tmp $@

$(DOCS_OUT)/guide/%.html: $(TOP)/docs/%.md $(DOCS_SCRIPT)
	$(call docs-tools-check,cmark-gfm,cmark-gfm)
	@mkdir -p $(@D)
	$(DOCS_SCRIPT) page $< $@

$(DOCS_OUT)/guide/%.html: $(DOCS_OUT)/man/% $(DOCS_SCRIPT)
	@mkdir -p $(@D)
	$(DOCS_SCRIPT) man $< $@

# Lists every page; rebuilt when a page's source (its title) changes.
$(DOCS_OUT)/guide/index.html: $(DOCS_MD_SRCS) $(DOCS_MANS) $(DOCS_SCRIPT)
	@mkdir -p $(@D)
	$(DOCS_SCRIPT) index $@ $(DOCS_MD_SRCS) -- $(DOCS_MANS)

.PHONY: docs
