# embed.awk: turn the .sql files given as arguments into a C table,
# so that the SQL travels inside the flipside binary.
# Usage: awk -f sql/embed.awk sql/a.sql sql/b/c.sql > sqlfiles.c
BEGIN {
    print "/* Generated from sql/ by sql/embed.awk: do not edit. */"
    print "#include \"pipeline/sqlfiles.h\""
    print "#include <stddef.h>"
    print ""
    print "const struct sql_file sql_files[] = {"
    current = ""
}
FNR == 1 {
    if (current != "")
        print "    },"
    current = FILENAME
    name = FILENAME
    sub(/^sql\//, "", name)
    printf "    { \"%s\",\n", name
}
{
    line = $0
    gsub(/\\/, "\\\\", line)
    gsub(/"/, "\\\"", line)
    gsub(/\t/, "\\t", line)
    printf "      \"%s\\n\"\n", line
}
END {
    if (current != "")
        print "    },"
    print "    { NULL, NULL }"
    print "};"
}
