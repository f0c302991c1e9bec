name=World
cat <<EOF
Hello $name
  indented $((1+1))
\$escaped
EOF
cat <<'EOF'
raw $name
EOF
cat <<-EOF
	tab stripped
	EOF
cat <<< "here string $name"
