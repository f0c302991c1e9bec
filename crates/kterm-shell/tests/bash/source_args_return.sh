cat > lib.sh <<'EOF'
echo "args: $*"
[ "$1" = stop ] && return 3
echo "continued"
EOF
source lib.sh go
. lib.sh stop; echo "st=$?"
echo "outer args: $#"
source nosuch.sh
echo "st=$?"
