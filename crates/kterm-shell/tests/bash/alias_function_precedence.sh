shopt -s expand_aliases
f() { echo function; }
alias f='echo alias'
f
\f
unalias f
f
