eval 'for i in 1 2; do echo "e$i"; done'
a=1; b=2; eval "echo \$a \$b"
eval echo '$((3+4))'
eval 'f() { echo defined-by-eval; }'; f
eval "syntax error ("
echo "st=$?"
