setup() { exec > log.txt; }
setup
echo captured
exec >&2
cat log.txt 1>&2
