#!/usr/bin/env python3
"""Keeps the help text's line structure in the generated man page (mdoc), in place.

swift-argument-parser's generate-manual writes each line of a command's discussion as a text
line, and roff fills consecutive text lines into one paragraph: a list of rules, the JSON shape,
the oracle's cases ran together. Each line break of the help text is one by design (the help
strings join their wrapped source lines with a backslash), so this puts `.br` between
consecutive text lines, turns blank lines into `.Pp` and turns hyphenation off. It also refuses a page that is not
plain ASCII: the generator drops other characters (`>= 2` came out as ` 2`), so help text must
be written in ASCII (PlainText.ascii in IPAuditKit spells the shared catalogue that way).

Usage: man-lines.py PAGE.1
"""
import sys


def main():
    path = sys.argv[1]
    raw = open(path, "rb").read()
    bad = sorted({b for b in raw if b >= 0x80})
    if bad:
        sys.exit("%s: not ASCII (bytes %s)" % (path, ", ".join("0x%02X" % b for b in bad)))
    out = []
    previous_text = False
    for line in raw.decode("ascii").split("\n"):
        if line.strip() == "":
            # A blank line in fill mode: a paragraph break, said the mdoc way.
            if out and out[-1] != ".Pp":
                out.append(".Pp")
            previous_text = False
            continue
        is_text = not line.startswith(".") and not line.startswith("'")
        if is_text and previous_text:
            out.append(".br")
        out.append(line)
        if line == ".Os":
            # No hyphenation (an option or rule name broken across lines cannot be copied or
            # searched, and a UTF-8 terminal gets U+2010 at each break). groff's mdoc turns it
            # back on at every paragraph, so the request it uses is made to do nothing (removing
            # it makes groff warn at each call, which lintian reports).
            out += [".nh", ".de hy", ".."]
        previous_text = is_text
    open(path, "w", encoding="ascii").write("\n".join(out) + ("\n" if not out or out[-1] != "" else ""))


if __name__ == "__main__":
    main()
