a=$(exit 3); echo "a: $?"
b=$(true; false); echo "b: $?"
c=$(echo x) d=$(exit 2); echo "cd: $?"
echo "$(exit 1)"; echo "echo: $?"
