#!/bin/bash
# Glue for `make docs`: wraps HTML that cmark-gfm renders from docs/*.md,
# and the man pages rendered as text, into standalone guide pages, and
# writes the guide's index.
#
#   guide.sh page  IN.md   OUT.html
#   guide.sh man   IN.1    OUT.html
#   guide.sh index OUT.html [PAGE.md ...] -- [MAN.1 ...]
set -euo pipefail

html_escape() {
	sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g'
}

# The first "# " heading of a markdown file, else its name.
md_title() {
	local t
	t=$(sed -n 's/^# \{1,\}//p' "$1" | head -n 1)
	printf '%s' "${t:-$(basename "$1" .md)}"
}

header() {
	cat <<HTML
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$(printf '%s' "$1" | html_escape) - Hoist</title>
<style>
body { max-width: 50em; margin: 2em auto; padding: 0 1em;
       font-family: sans-serif; line-height: 1.5; color: #222; }
pre, code { font-family: monospace; background: #f4f4f4; }
pre { padding: 0.6em; overflow-x: auto; line-height: 1.25; }
table { border-collapse: collapse; }
th, td { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: left; }
nav { font-size: 0.9em; margin-bottom: 1.5em; }
</style>
</head>
<body>
<nav><a href="index.html">Hoist guide</a></nav>
HTML
}

footer() {
	printf '</body>\n</html>\n'
}

page() {
	local in=$1 out=$2 body
	# Links between the markdown files become links between the pages;
	# a link to a man page source goes to its rendered page.
	body=$(cmark-gfm --to html -e table -e autolink -e strikethrough \
		-e tagfilter "$in" |
		sed -E -e 's#href="man/([^"/:]+)\.scd"#href="\1.html"#g' \
		       -e 's#href="([^":]+)\.md(\#[^"]*)?"#href="\1.html\2"#g')
	{ header "$(md_title "$in")"; printf '%s\n' "$body"; footer; } > "$out"
}

man_page() {
	local in=$1 out=$2 name text
	name=$(basename "$in")
	# Plain text: no SGR escapes, no overstriking.
	text=$(groff -man -Tutf8 -P-cbou -rLL=78n "$in" | html_escape)
	{ header "$name"; printf '<pre>\n%s\n</pre>\n' "$text"; footer; } > "$out"
}

index() {
	local out=$1 f name
	shift
	{
		header "Guide"
		printf '<h1>Hoist guide</h1>\n<ul>\n'
		while [ $# -gt 0 ] && [ "$1" != "--" ]; do
			name=$(basename "$1" .md)
			printf '<li><a href="%s.html">%s</a></li>\n' "$name" \
				"$(md_title "$1" | html_escape)"
			shift
		done
		printf '</ul>\n<h2>Manual pages</h2>\n<ul>\n'
		[ $# -gt 0 ] && shift
		for f in "$@"; do
			name=$(basename "$f")
			printf '<li><a href="%s.html">%s(%s)</a></li>\n' "$name" \
				"${name%.*}" "${name##*.}"
		done
		printf '</ul>\n'
		footer
	} > "$out"
}

cmd=$1
shift
case $cmd in
page)	page "$@" ;;
man)	man_page "$@" ;;
index)	index "$@" ;;
*)	echo "guide.sh: unknown command '$cmd'" >&2; exit 1 ;;
esac
