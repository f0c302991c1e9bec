trap 'echo "error trapped"' ERR
false
echo next
true
