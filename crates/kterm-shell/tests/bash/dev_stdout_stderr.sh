echo to-stderr > /dev/stderr
echo to-stdout > /dev/stdout
echo both 2>&1 >/dev/null
echo x >&2 2>/dev/null
