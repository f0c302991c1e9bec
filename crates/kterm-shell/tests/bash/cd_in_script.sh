mkdir -p a/b
cd a/b
echo "${PWD##*/}"
cd ..
echo "${PWD##*/}"
cd nonexistent 2>/dev/null || echo "cd failed"
