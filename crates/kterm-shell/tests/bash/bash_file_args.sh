cat > child.sh <<'EOF'
echo "child: $0 $# $*"
exit 7
EOF
bash child.sh a b
echo "st=$?"
sh child.sh c
