cat > lib.sh <<'EOF'
helper() { echo "helper $1"; }
LIBVAR=set
echo "sourced with $# args: $*"
EOF
source lib.sh a b
helper x
echo $LIBVAR
. ./lib.sh
