f() { :; }
type -t f echo if nosuch
type if
command -v f echo
command -V echo
