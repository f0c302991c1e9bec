set -e
! false
echo "negation ok"
false && true
echo "and-list ok"
x=$(false || true); echo "subst ok"
if false; then :; else echo "else ok"; fi
while false; do :; done
echo "loop ok"
(false) || echo "subshell handled"
true
false
echo unreachable
