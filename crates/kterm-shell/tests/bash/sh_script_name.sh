cat > inner.sh <<'EOF'
echo "name=$0 args=$*"
foo_not_found
EOF
bash inner.sh x y
bash inner.sh
